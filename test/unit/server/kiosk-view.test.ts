import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StationEvent } from '../../../electron/api/index.js';
import { startServer, type RunningServer } from '../../../electron/server/index.js';
import { Station } from '../../../electron/station/station.js';
import { emptyTransport } from '../admin/station-fixture.js';
import { device, fakeStation } from './fake-handlers.js';
import { post } from './http-helpers.js';

const TOKEN = 'kiosk-view-test-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };
const holder = 'Ana Ruiz';

describe('the kiosk view of the API', () => {
  const fake = fakeStation();
  let dir: string;
  let station: Station;
  let kiosk: RunningServer;
  let fakeKiosk: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-kiosk-view-'));
    station = await Station.open({ dataDir: join(dir, 'data'), transport: emptyTransport(), trustTimeoutMs: 1_000 });
    kiosk = await startServer({ handlers: station.handlers, subscribe: (l) => station.subscribe(l), port: 0, token: TOKEN, kiosk: true });
    (fake.handlers as Record<string, unknown>)['devices.list'] = async () => [device({ imei: '356789012345678', holder, stateDetail: 'Installing Wi-Fi', organizationName: 'ACME' })];
    fakeKiosk = await startServer({ handlers: fake.handlers, subscribe: fake.subscribe, port: 0, token: TOKEN, kiosk: true });
  });
  afterAll(async () => {
    await kiosk.close();
    await fakeKiosk.close();
    await station.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('station.info: no data directory, usbmuxd address or identity fingerprint', async () => {
    const full = await station.handlers['station.info']({});
    expect(full.dataDir).toContain(dir);
    const res = await post(kiosk.port, 'station.info', {}, auth);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain(dir);
    expect(JSON.parse(res.body)).toMatchObject({ dataDir: '', usbmuxd: '', identity: null, kiosk: { badgeNeedsPin: false } });
  });

  it('devices.list: slots, names and states, without serials, IMEIs, holders or ports', async () => {
    const res = await post(fakeKiosk.port, 'devices.list', {}, auth);
    const [d] = JSON.parse(res.body) as Record<string, unknown>[];
    expect(d).toMatchObject({ udid: device().udid, slot: 1, name: 'iPad 01', connected: true, serial: null, imei: null, holder: null, portId: null, organizationName: null, stateDetail: null });
    expect(res.body).not.toMatch(/F2LX1234ABCD|356789012345678|Ana Ruiz/);
  });

  it('events: devices without serials or holders, the cart; no batch progress or notices', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${fakeKiosk.port}/api/events`, [], { headers: auth });
    const got: StationEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('message', (m) => got.push(JSON.parse(String(m)) as StationEvent));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    const wait = () => new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (got.some((e) => e.type === 'device-removed')) {
          clearInterval(t);
          resolve();
        }
      }, 10);
    });
    fake.emit({ type: 'notice', level: 'warning', message: `Job for ${device().serial} failed` });
    fake.emit({ type: 'devices', devices: [device({ holder })] });
    fake.emit({ type: 'cart', cart: { layout: null, slots: [], unknownPorts: [], calibration: { active: false, nextSlot: null } } });
    fake.emit({ type: 'device-removed', udid: device().udid });
    await wait();
    ws.close();
    await closed;
    expect(got.map((e) => e.type)).toEqual(['devices', 'cart', 'device-removed']);
    expect(JSON.stringify(got)).not.toMatch(/F2LX1234ABCD|Ana Ruiz/);
  });
});
