import { describe, expect, it } from 'vitest';
import { dispatchToResult, type HostInfo, type HostedHandlers } from '../../../electron/api/index.js';
import { CHANNEL, commandChannel } from '../../../electron/shell/ipc-channels.js';
import { TrustedIpc, type IpcMainLike } from '../../../electron/shell/ipc-wrapper.js';
import { isTrustedSender, type IpcSenderLike } from '../../../electron/shell/sender-check.js';
import { registerStationIpc, type ShellControls } from '../../../electron/shell/station-ipc.js';

type Listener = (event: IpcSenderLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: IpcSenderLike, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(h(event, ...args));
  }
}

const ours: IpcSenderLike = { senderFrame: { url: 'app://cartwright/index.html#/cart', parent: null }, sender: { id: 1 } };

function setup(kiosk = false) {
  const ipcMain = new FakeIpcMain();
  const calls: { name: string; input: unknown }[] = [];
  const handlers = {
    'devices.rename': async (input: { udid: string; name: string }) => {
      calls.push({ name: 'devices.rename', input });
      return { name: input.name };
    },
    'devices.list': async () => [],
    'devices.restart': async () => {
      throw Object.assign(new Error('The device disconnected during the operation.'), { code: 'DEVICE_GONE' });
    },
  } as unknown as HostedHandlers;
  const shell: ShellControls = {
    hostInfo: (): HostInfo => ({ kind: 'electron', kiosk, canExitKiosk: true, kioskPinSet: true }),
    isKiosk: () => kiosk,
    exitKiosk: async (pin) => pin === '2468',
    enterKiosk: async () => true,
    setKioskPin: async () => undefined,
  };
  const ipc = new TrustedIpc(ipcMain, { isTrusted: (e) => isTrustedSender(e, new Set([1])) });
  registerStationIpc(ipc, handlers, shell);
  return { ipcMain, calls, ipc, handlers };
}

describe('the IPC wrapper', () => {
  it('registers one channel per station command, plus the shell’s own', () => {
    const { ipcMain } = setup();
    expect(ipcMain.handlers.has(commandChannel('devices.list'))).toBe(true);
    expect(ipcMain.handlers.has(commandChannel('kiosk.checkOut'))).toBe(true);
    expect(ipcMain.handlers.has(CHANNEL.exitKiosk)).toBe(true);
  });

  it('dispatches a good call from our window with the parsed input', async () => {
    const { ipcMain, calls } = setup();
    const result = await ipcMain.invoke(commandChannel('devices.rename'), ours, { udid: 'U1', name: 'Cart A 01', extra: 'dropped' });
    expect(result).toEqual({ ok: true, value: { name: 'Cart A 01' } });
    expect(calls).toEqual([{ name: 'devices.rename', input: { udid: 'U1', name: 'Cart A 01' } }]);
  });

  it('refuses a sender that is not our screens (other origin, subframe, file://, unknown window)', async () => {
    const { ipcMain, calls } = setup();
    const senders: IpcSenderLike[] = [
      { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 1 } },
      { senderFrame: { url: 'app://cartwright/index.html', parent: {} }, sender: { id: 1 } },
      { senderFrame: { url: 'file:///tmp/x.html', parent: null }, sender: { id: 1 } },
      { senderFrame: { url: 'app://cartwright.evil/index.html', parent: null }, sender: { id: 1 } },
      { senderFrame: { url: 'app://cartwright/index.html', parent: null }, sender: { id: 7 } },
      { senderFrame: null, sender: { id: 1 } },
    ];
    for (const event of senders) {
      const result = await ipcMain.invoke(commandChannel('devices.rename'), event, { udid: 'U1', name: 'x' });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses a bad payload before the handler runs', async () => {
    const { ipcMain, calls } = setup();
    for (const payload of [undefined, 'devices', { udid: 'U1' }, { udid: '', name: 'x' }, { udid: 'U1', name: 42 }]) {
      const result = (await ipcMain.invoke(commandChannel('devices.rename'), ours, payload)) as { ok: boolean; error?: { code: string; message: string } };
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('INVALID_INPUT');
      expect(result.error?.message).toMatch(/^The input is not valid/);
    }
    expect(calls).toEqual([]);
  });

  it('returns station errors with their code and remedy, and NOT_SUPPORTED for missing handlers', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke(commandChannel('devices.restart'), ours, { udid: 'U1' })).toEqual({
      ok: false,
      error: { code: 'DEVICE_GONE', message: 'The device disconnected during the operation.', remedy: expect.any(String) },
    });
    expect(await ipcMain.invoke(commandChannel('kiosk.checkOut'), ours, { credential: { badge: '42' } })).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
  });

  it('in kiosk mode refuses admin commands and lets kiosk ones through', async () => {
    const { ipcMain, calls } = setup(true);
    expect(await ipcMain.invoke(commandChannel('devices.rename'), ours, { udid: 'U1', name: 'x' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await ipcMain.invoke(commandChannel('devices.list'), ours, {})).toEqual({ ok: true, value: [] });
    expect(await ipcMain.invoke(CHANNEL.setKioskPin, ours, '1234')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(calls).toEqual([]);
  });

  it('answers every command exactly as dispatchCommand does, in and out of kiosk mode', async () => {
    // One dispatch for every host: whatever IPC answers, the HTTP host (dispatchToResult) answers too.
    const cases: [string, unknown][] = [
      ['devices.rename', { udid: 'U1', name: 'Cart 7' }],
      ['devices.rename', { udid: 'U1' }],
      ['devices.list', undefined],
      ['devices.restart', { udid: 'U1' }],
      ['kiosk.checkOut', { credential: { badge: '42' } }],
    ];
    for (const kiosk of [false, true]) {
      const { ipcMain } = setup(kiosk);
      const reference = setup(kiosk);
      for (const [name, input] of cases) {
        const viaIpc = await ipcMain.invoke(commandChannel(name as never), ours, input);
        const direct = await dispatchToResult(reference.handlers, name, input, { kiosk });
        const expected = direct.ok ? direct : { ok: false, error: direct.error };
        expect(viaIpc, `${name} (kiosk ${kiosk})`).toEqual(expected);
      }
    }
  });

  it('checks the PIN shape at the boundary', async () => {
    const { ipcMain } = setup(true);
    expect(await ipcMain.invoke(CHANNEL.exitKiosk, ours, '2468')).toEqual({ ok: true, value: { exited: true } });
    expect(await ipcMain.invoke(CHANNEL.exitKiosk, ours, '0000')).toEqual({ ok: true, value: { exited: false } });
    expect(await ipcMain.invoke(CHANNEL.exitKiosk, ours, { pin: '2468' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses registering a channel twice and removes all on dispose', () => {
    const { ipc, ipcMain } = setup();
    expect(() => registerStationIpc(ipc, {} as HostedHandlers, {} as ShellControls)).toThrow(/registered twice/);
    ipc.dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
