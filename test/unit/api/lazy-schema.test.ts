import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands, DeviceSummary, ErrorCode, StartStagingInput } from '../../../electron/api/index.js';
import { lazySchema } from '../../../electron/api/lazy-schema.js';

const eagerItem = () => z.object({ name: z.string().min(1), count: z.number().int().optional() });

describe('a schema built on first use (electron/api/lazy-schema.ts)', () => {
  it('is built only when first used, and once', () => {
    let builds = 0;
    const item = lazySchema(() => {
      builds++;
      return eagerItem();
    });
    // Composing it into another schema does not build it either: the parent holds the stand-in.
    const list = lazySchema(() => z.array(item));
    expect(builds).toBe(0);
    expect(list.parse([{ name: 'a' }])).toEqual([{ name: 'a' }]);
    expect(item.safeParse({ name: '' }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('parses exactly as the schema it stands for: the same data, the same issues', () => {
    const lazy = lazySchema(eagerItem);
    const eager = eagerItem();
    for (const input of [{ name: 'x', count: 2 }, { name: '', count: 1.5 }, { count: 'no' }, null, 'text']) {
      const [a, b] = [lazy.safeParse(input), eager.safeParse(input)];
      expect(a.success).toBe(b.success);
      expect(a.data).toEqual(b.data);
      expect(a.error?.issues).toEqual(b.error?.issues);
    }
  });

  it('is the schema to every check and method: instanceof, shape, extend, optional, enum values', () => {
    const lazy = lazySchema(eagerItem);
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect(lazy).toBeInstanceOf(z.ZodType);
    expect(Object.keys(lazy.shape)).toEqual(['name', 'count']);
    expect(lazy.extend({ extra: z.boolean() }).parse({ name: 'n', extra: true })).toEqual({ name: 'n', extra: true });
    expect(lazy.optional().parse(undefined)).toBeUndefined();
    expect(z.object({ item: lazy }).safeParse({ item: { name: '' } }).error?.issues[0]?.path).toEqual(['item', 'name']);
    const kinds = lazySchema(() => z.enum(['a', 'b']));
    expect(kinds.options).toEqual(['a', 'b']);
    expect(kinds.enum.a).toBe('a');
  });

  it('keeps the contract’s schemas working through the stand-ins', () => {
    expect(ErrorCode.options).toContain('INTERNAL');
    expect(DeviceSummary).toBeInstanceOf(z.ZodObject);
    expect(commands['devices.list'].input.parse(undefined)).toEqual({});
    expect(commands['devices.rename'].input.safeParse({ udid: 'u', name: 'Cart A-01' }).success).toBe(true);
    expect(StartStagingInput.safeParse({}).success).toBe(false);
  });
});

describe('the contract’s schema constants', () => {
  it('are all built on first use, so loading electron/api builds none', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'electron', 'api');
    const eager: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      // A top-level constant made straight from zod: `const X = z.object(…)` (wrap it: lazySchema(() => z.object(…))).
      for (const m of text.matchAll(/^(?:export )?const (\w+)(?:: [^=]+)? = z\b/gm)) eager.push(`${file}: ${m[1]}`);
    }
    expect(eager).toEqual([]);
  });
});
