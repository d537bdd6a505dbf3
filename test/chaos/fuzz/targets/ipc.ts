import { ApiError, ErrorCode, type HostInfo, type HostResult } from '../../../../electron/api/index.js';
import { TrustedIpc, type IpcMainLike } from '../../../../electron/shell/ipc-wrapper.js';
import { registerStationIpc, type ShellControls } from '../../../../electron/shell/station-ipc.js';
import type { IpcSenderLike } from '../../../../electron/shell/sender-check.js';
import { randomInput, randomJson } from '../../core/json-gen.js';
import { classifyError, describe } from '../outcome.js';
import { openStationFixture } from './station-fixture.js';
import type { FuzzTarget } from './types.js';
import { INPUT_KEYS, INPUT_STRINGS } from './vocabulary.js';

type Listener = (event: IpcSenderLike, ...args: unknown[]) => unknown;

/** ipcMain as the wrapper sees it; Electron itself is not needed (the wrapper runs in plain Node). */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

const OURS: IpcSenderLike = { senderFrame: { url: 'app://cartwright/index.html#/cart', parent: null }, sender: { id: 1 } };
const STRANGERS: IpcSenderLike[] = [
  { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 2 } },
  { senderFrame: { url: 'app://cartwright/index.html', parent: {} }, sender: { id: 1 } },
  { senderFrame: null },
];
const isCode = (code: string): boolean => ErrorCode.safeParse(code).success;

/**
 * The shell's IPC wrapper (TrustedIpc + every station channel) with random senders and random
 * arguments: a handler must always answer a HostResult, never throw, and an error must carry a
 * stable code from a coded cause.
 */
export const ipc: FuzzTarget = {
  name: 'ipc',
  weight: 14,
  caseMs: 15_000,
  async setup(ctx) {
    const f = await openStationFixture(ctx.tmp);
    const ipcMain = new FakeIpcMain();
    let kiosk = false;
    const shell: ShellControls = {
      hostInfo: (): HostInfo => ({ kind: 'electron', kiosk, canExitKiosk: true, kioskPinSet: true }),
      isKiosk: () => kiosk,
      exitKiosk: async (pin) => pin === '2468',
      enterKiosk: async () => true,
      setKioskPin: async () => undefined,
    };
    const wrapper = new TrustedIpc(ipcMain, { isTrusted: (e) => e === OURS });
    registerStationIpc(wrapper, f.handlers, shell);
    const channels = [...ipcMain.handlers.keys()];
    return {
      async run(rng) {
        f.resetError();
        kiosk = rng.chance(0.2);
        const channel = rng.pick(channels);
        const event = rng.chance(0.85) ? OURS : rng.pick(STRANGERS);
        const args = Array.from({ length: rng.weighted([[1, 8], [0, 1], [2, 1]] as const) }, (_, k) => (k === 0 && rng.chance(0.8) ? randomInput(rng, { keys: INPUT_KEYS, strings: INPUT_STRINGS }) : randomJson(rng, { keys: INPUT_KEYS, strings: INPUT_STRINGS })));
        let result: HostResult<unknown>;
        try {
          result = (await (ipcMain.handlers.get(channel) as Listener)(event, ...args)) as HostResult<unknown>;
        } catch (e) {
          return { kind: 'untyped', detail: `${channel} threw instead of answering: ${describe(e)}` };
        }
        if (result.ok) return { kind: 'ok' };
        if (!ApiError.safeParse(result.error).success) return { kind: 'untyped', detail: `${channel}: not an ApiError: ${JSON.stringify(result.error).slice(0, 200)}` };
        if (result.error.code !== 'INTERNAL') return { kind: 'typed', code: result.error.code };
        const c = classifyError(f.lastError(), isCode);
        return c.kind === 'typed' ? c : { kind: 'untyped', detail: `${channel}: ${describe(f.lastError())}` };
      },
      async close() {
        wrapper.dispose();
        await f.station.close();
      },
    };
  },
};
