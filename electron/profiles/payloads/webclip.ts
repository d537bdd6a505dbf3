import { ProfileError } from '../errors.js';
import type { PayloadDraft } from './draft.js';

export interface WebClipSpec {
  url: string;
  label: string;
  removable?: boolean;
  fullScreen?: boolean;
  /** PNG or JPEG bytes. */
  icon?: Buffer;
}

export function webClipPayload(spec: WebClipSpec): PayloadDraft {
  if (!/^https?:\/\/\S+$/i.test(spec.url)) throw new ProfileError('SPEC_INVALID', `web clip URL "${spec.url}" must start with http:// or https://`);
  if (!spec.label.trim()) throw new ProfileError('SPEC_INVALID', 'a web clip needs a label');
  return {
    type: 'com.apple.webClip.managed',
    identifierSuffix: 'webclip',
    displayName: `Web Clip (${spec.label})`,
    content: {
      URL: spec.url,
      Label: spec.label,
      IsRemovable: spec.removable ?? true,
      FullScreen: spec.fullScreen ?? false,
      ...(spec.icon ? { Icon: new Uint8Array(spec.icon) } : {}),
    },
  };
}

/** `https://intranet.example,Intranet` → { url, label } (the label may itself contain commas). */
export function parseWebClipOption(value: string): WebClipSpec {
  const comma = value.indexOf(',');
  if (comma < 0) throw new ProfileError('SPEC_INVALID', `--webclip "${value}" must be URL,LABEL`);
  return { url: value.slice(0, comma).trim(), label: value.slice(comma + 1).trim() };
}
