import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { freshSeed, testCart, tool } from './test-helpers.js';

describe('--state-file', () => {
  const file = join(tmpdir(), `vc-state-${randomUUID()}.json`);
  afterAll(() => rmSync(file, { force: true }));

  it('keeps pair records and device-side pairings across a restart', async () => {
    const seed = freshSeed();
    const first = await testCart({ devices: 2, seed, stateFile: file });
    const { udid } = first.devices()[0]!;
    expect((await tool(first, 'idevicename', ['-u', udid, 'Slot 1'])).code).toBe(0);
    const hostIds = first.device(udid).pairedHostIds;
    await first.stop();

    const second = await testCart({ devices: 2, seed, stateFile: file });
    try {
      expect(second.device(udid)).toMatchObject({ name: 'Slot 1', pairedHostIds: hostIds });
      expect(second.pairRecord(udid)).toBeDefined();
      const serial = await tool(second, 'ideviceinfo', ['-u', udid, '-k', 'SerialNumber']);
      expect(serial.code).toBe(0);
      expect(second.device(udid).counters.Pair ?? 0).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
