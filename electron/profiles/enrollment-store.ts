import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { EnrollmentSource as EnrollmentSourceSchema } from '../api/enrollment-profile.js';
import { EnrollmentMetadata } from '../api/enrollment-profile.js';
import { dataDirectory } from '../platform/data-dir.js';
import { writeFileAtomic } from './atomic-file.js';
import type { EnrollmentProfile } from './enrollment.js';
import { ProfileError } from './errors.js';

// The stored metadata file is read with the contract's own schema, so what the store keeps and what
// `enrollmentProfile.show` answers cannot drift apart.
const metadataSchema = EnrollmentMetadata;
export type EnrollmentSource = z.infer<typeof EnrollmentSourceSchema>;
export type StoredEnrollmentMetadata = z.infer<typeof metadataSchema>;

/** The one enrollment profile the staging flows install, kept in the station data directory. Credentials are never stored. */
export class EnrollmentProfileStore {
  readonly profilePath: string;
  private readonly metadataPath: string;

  constructor(dataDir: string = dataDirectory()) {
    this.profilePath = join(dataDir, 'profiles', 'enrollment.mobileconfig');
    this.metadataPath = join(dataDir, 'profiles', 'enrollment.json');
  }

  save(profile: EnrollmentProfile, source: EnrollmentSource): StoredEnrollmentMetadata {
    const safeSource: EnrollmentSource = source.kind === 'url' ? { kind: 'url', url: withoutCredentials(source.url) } : source;
    const metadata: StoredEnrollmentMetadata = {
      source: safeSource,
      importedAt: new Date().toISOString(),
      sha256: createHash('sha256').update(profile.bytes).digest('hex'),
      identifier: profile.inspection.identifier,
      uuid: profile.inspection.uuid,
      displayName: profile.inspection.displayName,
      signed: profile.inspection.signed,
      serverUrl: profile.mdm.serverUrl,
      checkInUrl: profile.mdm.checkInUrl,
      topic: profile.mdm.topic,
    };
    writeFileAtomic(this.profilePath, profile.bytes);
    writeFileAtomic(this.metadataPath, `${JSON.stringify(metadata, null, 2)}\n`);
    return metadata;
  }

  load(): { bytes: Buffer; metadata: StoredEnrollmentMetadata } {
    if (!existsSync(this.profilePath) || !existsSync(this.metadataPath)) {
      throw new ProfileError('ENROLLMENT_NOT_FOUND', 'no enrollment profile is stored: run `cartwright enroll-profile import FILE` or `--url URL`');
    }
    const bytes = readFileSync(this.profilePath);
    const metadata = metadataSchema.parse(JSON.parse(readFileSync(this.metadataPath, 'utf8')));
    if (createHash('sha256').update(bytes).digest('hex') !== metadata.sha256) {
      throw new ProfileError('PROFILE_UNREADABLE', `the stored enrollment profile ${this.profilePath} was changed on disk; import it again`);
    }
    return { bytes, metadata };
  }
}

function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}
