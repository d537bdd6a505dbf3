import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer order of electron/ (LAYERS in eslint.config.js) is a lint rule; these cases run the
// project's real config on virtual files and prove it fires on every wrong-way import and stays
// quiet on the allowed direction. The expected order is written out again here on purpose: changing
// the architecture's arrows should take a deliberate edit in both places.
const eslint = new ESLint({ cwd: process.cwd() });

const ORDER = [['platform', 'api'], ['store', 'device'], ['profiles', 'cart'], ['mdm', 'staging'], ['flows'], ['station'], ['server'], ['cli', 'shell']];

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'cartwright/layer-order').map((m) => m.message);
}

const importing = (specifier: string): string => `import { x } from '${specifier}';\nexport const y = x;\n`;

describe('layer order of electron/', () => {
  it('rejects each wrong-way import issue 16 found, naming both folders and the order', async () => {
    const cases: [string, string, RegExp][] = [
      ['electron/station/handlers.ts', '../cli/version.js', /electron\/station\/ may not import electron\/cli\//],
      ['electron/device/transport.ts', '../station/native-addon-path.js', /electron\/device\/ may not import electron\/station\//],
      ['electron/profiles/identity-store.ts', '../station/data-dir.js', /electron\/profiles\/ may not import electron\/station\//],
      ['electron/profiles/enrollment-store.ts', '../station/data-dir.js', /electron\/profiles\/ may not import electron\/station\//],
    ];
    for (const [file, specifier, message] of cases) {
      const errors = await layerErrors(file, importing(specifier));
      expect(errors, `${file} → ${specifier}`).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(errors[0]).toMatch(/platform\/api < store\/device < .* < cli\/shell/);
    }
  });

  it('lets those files reach the same helpers where they live now, in electron/platform/', async () => {
    expect(await layerErrors('electron/station/handlers.ts', importing('../platform/version.js'))).toEqual([]);
    expect(await layerErrors('electron/device/transport.ts', importing('../platform/native-addon-path.js'))).toEqual([]);
    expect(await layerErrors('electron/profiles/identity-store.ts', importing('../platform/data-dir.js'))).toEqual([]);
  });

  it('allows every import into a lower row and rejects every import into the same row or above', async () => {
    for (const [fromRow, fromFolders] of ORDER.entries()) {
      for (const from of fromFolders) {
        for (const [toRow, toFolders] of ORDER.entries()) {
          for (const to of toFolders) {
            if (to === from) continue;
            const errors = await layerErrors(`electron/${from}/x.ts`, importing(`../${to}/y.js`));
            expect(errors, `${from} → ${to}`).toHaveLength(toRow < fromRow ? 0 : 1);
          }
        }
      }
    }
  });

  it('keeps the leaf electron/platform/ free of every other folder, the api contract included', async () => {
    expect(await layerErrors('electron/platform/x.ts', importing('../api/index.js'))).toHaveLength(1);
    expect(await layerErrors('electron/api/x.ts', importing('../platform/data-dir.js'))).toHaveLength(1);
    expect(await layerErrors('electron/platform/x.ts', "import { join } from 'node:path';\nexport const j = join;\n")).toEqual([]);
  });

  it('resolves relative paths from the importing file, so nested folders are judged by where they point', async () => {
    // electron/store/repos/ → ../mdm is electron/store/mdm (inside store); ../../mdm is electron/mdm.
    expect(await layerErrors('electron/store/repos/x.ts', importing('../mdm/y.js'))).toEqual([]);
    expect(await layerErrors('electron/store/repos/x.ts', importing('../../mdm/y.js'))).toHaveLength(1);
    expect(await layerErrors('electron/staging/steps/x.ts', importing('../../device/services/y.js'))).toEqual([]);
    expect(await layerErrors('electron/staging/steps/x.ts', importing('../../station/y.js'))).toHaveLength(1);
  });

  it('judges type-only imports, re-exports and dynamic imports like any import', async () => {
    expect(await layerErrors('electron/store/x.ts', "import type { Station } from '../station/station.js';\nexport type S = Station;\n")).toHaveLength(1);
    expect(await layerErrors('electron/store/x.ts', "export { Station } from '../station/station.js';\n")).toHaveLength(1);
    expect(await layerErrors('electron/store/x.ts', "export * from '../station/station.js';\n")).toHaveLength(1);
    expect(await layerErrors('electron/store/x.ts', "export const load = () => import('../station/station.js');\n")).toHaveLength(1);
    expect(await layerErrors('electron/store/x.ts', "export type S = import('../station/station.js').Station;\n")).toHaveLength(1);
  });

  it('asks for a place in the order for a folder that has none', async () => {
    const errors = await layerErrors('electron/station/x.ts', importing('../gadgets/y.js'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/electron\/gadgets\/ has no place in the layer order; add it to LAYERS in eslint.config.js/);
    expect(await layerErrors('electron/gadgets/x.ts', importing('../store/index.js'))).toHaveLength(1);
  });

  it('ignores packages, Node built-ins and files outside electron/', async () => {
    expect(await layerErrors('electron/store/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
    expect(await layerErrors('test/unit/x.test.ts', importing('../../electron/station/station.js'))).toEqual([]);
    expect(await layerErrors('scripts/x.ts', importing('../electron/station/station.js'))).toEqual([]);
  });
});
