import type { PlistDict } from '../plist-codec.js';

/**
 * What each payload builder returns: the payload's own keys. The profile builder adds
 * PayloadIdentifier, PayloadUUID and PayloadVersion, so identifiers follow one scheme.
 */
export interface PayloadDraft {
  type: string;
  /** Appended to the profile identifier to form the payload identifier (e.g. "wifi"). */
  identifierSuffix: string;
  displayName: string;
  description?: string;
  content: PlistDict;
}
