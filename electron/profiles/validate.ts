import type { z } from 'zod';
import { ProfileError } from './errors.js';
import { describeType, profileSchemas, type ConfigurationProfile } from './schemas.js';

export interface ProfileIssue {
  /** Where, e.g. `PayloadContent[1] (com.apple.wifi.managed).PayloadUUID`. */
  path: string;
  message: string;
}

const PLIST_TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  array: 'an array',
  object: 'a dictionary',
  date: 'a date',
};

function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'invalid_type') {
    if (input === undefined) return 'is missing';
    const expected = PLIST_TYPE_NAMES[issue.expected] ?? issue.expected;
    return `should be ${expected}, not ${describeType(input)}`;
  }
  if (issue.code === 'invalid_value') return `should be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, not ${JSON.stringify(input)}`;
  if (issue.code === 'too_small' && issue.origin === 'string') return 'must not be empty';
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function collect(schema: z.ZodType, value: unknown, prefix: string, issues: ProfileIssue[]): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const suffix = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const path = `${prefix}${suffix}`.replace(/^\./, '') || '(profile)';
    issues.push({ path, message: issueMessage(issue, valueAt(value, issue.path)) });
  }
}

/** Every problem in a profile's structure; empty when it is valid. */
export function validateProfile(profile: unknown): ProfileIssue[] {
  const { configurationProfileSchema, payloadBaseSchema, PAYLOAD_SCHEMAS } = profileSchemas();
  const issues: ProfileIssue[] = [];
  collect(configurationProfileSchema, profile, '', issues);
  const content = (profile as { PayloadContent?: unknown } | null)?.PayloadContent;
  if (!Array.isArray(content)) return issues;
  const seenUuids = new Map<string, string>();
  content.forEach((payload: unknown, index) => {
    const type = (payload as { PayloadType?: unknown } | null)?.PayloadType;
    const prefix = `PayloadContent[${index}]${typeof type === 'string' ? ` (${type})` : ''}`;
    collect(PAYLOAD_SCHEMAS[String(type)] ?? payloadBaseSchema, payload, prefix, issues);
    const uuid = (payload as { PayloadUUID?: unknown } | null)?.PayloadUUID;
    if (typeof uuid === 'string') {
      const other = seenUuids.get(uuid);
      if (other) issues.push({ path: `${prefix}.PayloadUUID`, message: `repeats the PayloadUUID of ${other}` });
      seenUuids.set(uuid, prefix);
    }
  });
  return issues;
}

export function formatIssues(issues: readonly ProfileIssue[]): string[] {
  return issues.map((i) => `${i.path} ${i.message}`);
}

/** The profile, typed, or a PROFILE_INVALID error listing every problem. */
export function assertValidProfile(profile: unknown): ConfigurationProfile {
  const issues = validateProfile(profile);
  if (issues.length) throw new ProfileError('PROFILE_INVALID', 'the profile is not valid', formatIssues(issues));
  return profileSchemas().configurationProfileSchema.parse(profile);
}
