import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The `electronFuses:` mapping of electron-builder.yml (flat `key: true|false` lines under it). */
function fusesOf(yml: string): Record<string, boolean> {
  const block = /^electronFuses:\n((?:[ ]+\S.*\n?)+)/m.exec(yml);
  if (!block?.[1]) return {};
  return Object.fromEntries(
    block[1]
      .split('\n')
      .map((line) => /^\s+(\w+):\s*(true|false)\s*(?:#.*)?$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2] === 'true']),
  );
}

describe('the packaged app flips the Electron fuses', () => {
  const fuses = fusesOf(readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8'));

  it('RunAsNode off, cookie encryption on, ASAR integrity validated, app only from the ASAR', () => {
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it("uses electron-builder's own option names (app-builder-lib scheme.json, FuseOptionsV1)", () => {
    const scheme = JSON.parse(readFileSync(join(process.cwd(), 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, { type: string }> } };
    };
    const known = scheme.definitions.FuseOptionsV1.properties;
    expect(Object.keys(fuses).length).toBeGreaterThanOrEqual(6);
    for (const name of Object.keys(fuses)) expect(known[name]?.type, name).toBe('boolean');
  });
});
