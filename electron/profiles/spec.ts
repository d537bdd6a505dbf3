import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { PayloadSpec, ProfileSpec } from './builder.js';
import { ProfileError } from './errors.js';
import { decodeProfileBytes, type PlistDict } from './plist-codec.js';
import { WIFI_SECURITY_TYPES } from './schemas.js';
import { readCertificates } from './x509.js';

/**
 * The JSON spec file for `cartwright profile build --spec FILE.json`. File references (certificates,
 * icons, templates) are relative to the spec file. Built on first use: `z.json()` alone builds a
 * recursive schema, and only `profile build --spec` reads a spec file, so no other start pays for
 * it (issue 14).
 */
function buildProfileSpecFileSchema() {
  const restrictionValue = z.union([z.boolean(), z.number(), z.string(), z.array(z.string())]);
  const payloadSpecSchema = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('wifi'),
      ssid: z.string(),
      password: z.string().optional(),
      security: z.enum(WIFI_SECURITY_TYPES).optional(),
      hidden: z.boolean().optional(),
      autoJoin: z.boolean().optional(),
    }),
    z.strictObject({ type: z.literal('restrictions'), settings: z.record(z.string(), restrictionValue) }),
    z.strictObject({ type: z.literal('certificate'), file: z.string(), name: z.string().optional() }),
    z.strictObject({
      type: z.literal('webclip'),
      url: z.string(),
      label: z.string(),
      removable: z.boolean().optional(),
      fullScreen: z.boolean().optional(),
      iconFile: z.string().optional(),
    }),
    z.strictObject({ type: z.literal('homeScreenLayout'), dock: z.array(z.string()).optional(), pages: z.array(z.array(z.string())) }),
    z.strictObject({ type: z.literal('template'), file: z.string() }),
    z.strictObject({ type: z.literal('raw'), payload: z.record(z.string(), z.json()) }),
  ]);

  return z.strictObject({
    identifier: z.string(),
    name: z.string(),
    organization: z.string().optional(),
    description: z.string().optional(),
    removalDisallowed: z.boolean().optional(),
    scope: z.enum(['System', 'User']).optional(),
    payloads: z.array(payloadSpecSchema).default([]),
  });
}

let built: ReturnType<typeof buildProfileSpecFileSchema> | undefined;

/** The spec file's schema (built once, on the first call). */
export function profileSpecFileSchema(): ReturnType<typeof buildProfileSpecFileSchema> {
  return (built ??= buildProfileSpecFileSchema());
}

export type ProfileSpecFile = z.infer<ReturnType<typeof profileSpecFileSchema>>;
type PayloadSpecFile = ProfileSpecFile['payloads'][number];

function readRelative(base: string, file: string): Buffer {
  const path = resolve(base, file);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ProfileError('SPEC_INVALID', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Every payload of a template profile, passed through unchanged (identifiers and UUIDs kept). */
export function templatePayloads(bytes: Buffer): PayloadSpec[] {
  const content = decodeProfileBytes(bytes).plist.PayloadContent;
  if (!Array.isArray(content)) throw new ProfileError('SPEC_INVALID', 'the template profile has no PayloadContent array');
  return content.map((payload) => ({ kind: 'raw', payload: payload as PlistDict }));
}

function resolvePayload(p: PayloadSpecFile, base: string): PayloadSpec[] {
  switch (p.type) {
    case 'certificate':
      return readCertificates(readRelative(base, p.file)).map((certificate) => ({ kind: 'certificate', certificate, name: p.name }));
    case 'webclip': {
      const { type: _type, iconFile, ...rest } = p;
      return [{ kind: 'webclip', ...rest, ...(iconFile ? { icon: readRelative(base, iconFile) } : {}) }];
    }
    case 'template':
      return templatePayloads(readRelative(base, p.file));
    case 'raw':
      return [{ kind: 'raw', payload: p.payload as PlistDict }];
    case 'wifi':
    case 'restrictions':
    case 'homeScreenLayout': {
      const { type, ...rest } = p;
      return [{ kind: type, ...rest } as PayloadSpec];
    }
  }
}

export function profileSpecFromFile(spec: ProfileSpecFile, baseDir: string): ProfileSpec {
  return {
    identifier: spec.identifier,
    displayName: spec.name,
    organization: spec.organization,
    description: spec.description,
    removalDisallowed: spec.removalDisallowed,
    scope: spec.scope,
    payloads: spec.payloads.flatMap((p) => resolvePayload(p, baseDir)),
  };
}

export function loadProfileSpec(path: string): ProfileSpec {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ProfileError('SPEC_INVALID', `cannot read the spec ${path}: ${(err as Error).message}`);
  }
  const parsed = profileSpecFileSchema().safeParse(json);
  if (!parsed.success) {
    throw new ProfileError('SPEC_INVALID', `the spec ${path} is not valid`, parsed.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`));
  }
  return profileSpecFromFile(parsed.data, dirname(resolve(path)));
}
