import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../electron/api/commands.js';
import { dispatchCommand } from '../../../electron/api/dispatch.js';
import { escapeControl, hasControlCharacters } from '../../../electron/api/printable.js';
import { createOutput } from '../../../electron/cli/output.js';
import { createMdmLogger } from '../../../electron/mdm/logger.js';
import { parseBlueprint } from '../../../electron/staging/blueprint.js';
import { renderName } from '../../../electron/staging/name-template.js';

const ESC_NAME = 'Cart A-01\u001b[2J\u009b31m';

describe('control characters in names', () => {
  it('are refused at the API boundary: rename, calibrate, blueprint names and name templates', () => {
    expect(commands['devices.rename'].input.safeParse({ udid: 'u', name: ESC_NAME }).success).toBe(false);
    expect(commands['devices.rename'].input.safeParse({ udid: 'u', name: 'Cart A-01' }).success).toBe(true);
    expect(commands['cart.calibrate'].input.safeParse({ action: 'start', name: 'Cart\nB', rows: 1, columns: 1 }).success).toBe(false);
    const named = parseBlueprint({ name: 'Prepare\u001b[2J', steps: [{ type: 'pair' }] });
    expect(named.ok).toBe(false);
    const templated = parseBlueprint({ name: 'Prepare', steps: [{ type: 'pair' }, { type: 'rename', template: 'Cart\u0007{slot}' }] });
    expect(templated.ok).toBe(false);
    if (!templated.ok) expect(templated.errors.join(' ')).toMatch(/control characters/);
  });

  it('an HTTP/IPC rename with an ESC sequence is INVALID_INPUT before it reaches the station', async () => {
    let reached = false;
    const handlers = new Proxy({}, { get: () => async () => ((reached = true), { name: 'x' }) });
    const reply = await dispatchCommand(handlers as never, 'devices.rename', { udid: 'u', name: ESC_NAME }).catch((e: unknown) => e);
    expect(reply).toMatchObject({ code: 'INVALID_INPUT' });
    expect(reached).toBe(false);
  });

  it('name templates refuse them and escape the facts they substitute', () => {
    expect(() => renderName('Cart\u001b{slot}', { slot: 1 })).toThrow(/control characters/);
    expect(renderName('{user}-{slot:2}', { user: 'Eve\u001b[2J', slot: 3 })).toBe('Eve\\x1b[2J-03');
  });

  it('CLI text and MDM log lines carry them escaped, never raw', async () => {
    let out = '';
    let err = '';
    const sink = (write: (s: string) => void) => new Writable({ write: (c: Buffer, _e, done) => (write(c.toString()), done()) });
    const o = createOutput(false, sink((s) => (out += s)) as never, sink((s) => (err += s)) as never);
    o.result({}, () => `slot 1  ${ESC_NAME}\nslot 2  iPad`);
    o.progress(`renamed ${ESC_NAME}`);
    expect(out).toBe('slot 1  Cart A-01\\x1b[2J\\x9b31m\nslot 2  iPad\n');
    expect(err).toBe('renamed Cart A-01\\x1b[2J\\x9b31m\n');

    const lines: string[] = [];
    const log = createMdmLogger(sink((s) => lines.push(s)) as never, 'info');
    log.info({ deviceName: ESC_NAME }, `device ${ESC_NAME}`);
    await new Promise((r) => setImmediate(r));
    expect(hasControlCharacters(lines.join('').trimEnd())).toBe(false);
    const line = JSON.parse(lines.join('')) as { msg: string; deviceName: string };
    expect(line.msg).toBe(`device ${escapeControl(ESC_NAME)}`);
    expect(line.deviceName).toBe(escapeControl(ESC_NAME));
  });
});
