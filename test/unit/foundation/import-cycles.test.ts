import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// No import cycle anywhere in electron/ (issue 16): madge walks the real graph, type-only imports
// included, resolving ESM ".js" specifiers to the ".ts" sources through tsconfig.main.json. The same
// check from a shell: npx madge --circular --extensions ts --ts-config tsconfig.main.json electron
interface MadgeResult {
  obj(): Record<string, string[]>;
  circular(): string[][];
  warnings(): { skipped: string[] };
}
type Madge = (path: string, config: { fileExtensions: string[]; tsConfig: string }) => Promise<MadgeResult>;
const madge = createRequire(import.meta.url)('madge') as Madge;

const graphOf = (dir: string): Promise<MadgeResult> => madge(dir, { fileExtensions: ['ts'], tsConfig: join(process.cwd(), 'tsconfig.main.json') });

const scratch = mkdtempSync(join(tmpdir(), 'cartwright-cycles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('import cycles', () => {
  it('finds none in electron/, having walked every file and resolved every import', { timeout: 60_000 }, async () => {
    const graph = await graphOf(join(process.cwd(), 'electron'));
    const files = Object.keys(graph.obj());
    // A walk that resolved nothing would find no cycle either: prove it saw the tree and its edges.
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain('station/station.ts');
    expect(graph.obj()['device/transport.ts']).toContain('platform/native-addon-path.ts');
    expect(graph.warnings().skipped, 'imports madge could not resolve (tsc reports them too)').toEqual([]);
    expect(graph.circular()).toEqual([]);
  });

  it('does report a cycle, type-only imports included, when one exists', async () => {
    writeFileSync(join(scratch, 'a.ts'), "import type { B } from './b.js';\nexport interface A { b: B }\n");
    writeFileSync(join(scratch, 'b.ts'), "import { c } from './c.js';\nexport interface B { c: typeof c }\n");
    writeFileSync(join(scratch, 'c.ts'), "import type { A } from './a.js';\nexport const c: A | null = null;\n");
    const graph = await graphOf(scratch);
    expect(graph.circular()).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
