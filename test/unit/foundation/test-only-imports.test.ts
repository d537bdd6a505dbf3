import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// `stationInternals` (electron/station/station-internals.ts) hands a station's private parts to
// tests and benches; `cartwright/no-test-only-imports` keeps it out of electron/. These cases run
// the project's real eslint.config.js on virtual files.
const eslint = new ESLint({ cwd: process.cwd() });

async function testOnlyErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'cartwright/no-test-only-imports').map((m) => m.message);
}

const importing = (specifier: string): string => `import { stationInternals } from '${specifier}';\nexport const i = stationInternals;\n`;

describe('the test-only station accessor', () => {
  it('may not be imported from anywhere under electron/, whatever the path or the folder', async () => {
    const cases: [string, string][] = [
      ['electron/station/handlers.ts', './station-internals.js'],
      ['electron/station/tiles/derive-tile.ts', '../station-internals.js'],
      ['electron/cli/commands/staging.ts', '../../station/station-internals.js'],
      ['electron/server/x.ts', '../station/station-internals.ts'],
      ['electron/shell/main.ts', '../station/station-internals'],
    ];
    for (const [file, specifier] of cases) {
      const errors = await testOnlyErrors(file, importing(specifier));
      expect(errors, `${file} → ${specifier}`).toHaveLength(1);
      expect(errors[0]).toMatch(/electron\/station\/station-internals\.ts may not be imported from electron\/: stationInternals is for tests and benches only/);
    }
  });

  it('is caught in type imports, re-exports, import() and import types too', async () => {
    const file = 'electron/cli/x.ts';
    expect(await testOnlyErrors(file, "import type { StationInternals } from '../station/station-internals.js';\nexport type I = StationInternals;\n")).toHaveLength(1);
    expect(await testOnlyErrors(file, "export { stationInternals } from '../station/station-internals.js';\n")).toHaveLength(1);
    expect(await testOnlyErrors(file, "export * from '../station/station-internals.js';\n")).toHaveLength(1);
    expect(await testOnlyErrors(file, "export const load = () => import('../station/station-internals.js');\n")).toHaveLength(1);
    expect(await testOnlyErrors(file, "export type I = import('../station/station-internals.js').StationInternals;\n")).toHaveLength(1);
  });

  it('is free to use from test/ and scripts/, and electron/ may still import the station itself', async () => {
    expect(await testOnlyErrors('test/unit/x.test.ts', importing('../../electron/station/station-internals.js'))).toEqual([]);
    expect(await testOnlyErrors('test/bench/station-runner.ts', importing('../../electron/station/station-internals.js'))).toEqual([]);
    expect(await testOnlyErrors('scripts/x.ts', importing('../electron/station/station-internals.js'))).toEqual([]);
    expect(await testOnlyErrors('electron/cli/x.ts', "import { Station } from '../station/station.js';\nexport const s = Station;\n")).toEqual([]);
    // A look-alike name elsewhere is not the accessor.
    expect(await testOnlyErrors('electron/cli/x.ts', importing('./station-internals.js'))).toEqual([]);
  });
});
