import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationBaseUrl, APPLE_ACTIVATION_BASE_URL, parseActivationReply, postActivationInfo, postDrmHandshake } from '../../../electron/device/services/activation-server.js';
import { DeviceError } from '../../../electron/device/errors.js';
import { Cart } from '../../emulator/cart.js';
import { activationLockReply, errorReply, legacyRecordReply, sessionRecordReply, type Reply } from '../../emulator/activation-server/replies.js';

// Replies in the stand-in server's shapes (the emulator's own page builders), not hand-written strings.
const cart = new Cart({ devices: 2, seed: 'activation-parse', keyCacheFile: null });
const [ipad, other] = cart.devices().map((d) => cart.find(d.udid)!);
const parse = (r: Reply) => parseActivationReply(r.status, { 'content-type': r.contentType, 'x-test': '1' }, r.body, ipad!.udid);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof DeviceError ? e.code : 'not a DeviceError';
  }
  return undefined;
};

describe('albert reply parsing', () => {
  it('session mode: keeps the whole text/xml body for the device and passes the headers on', () => {
    const reply = sessionRecordReply(cart.activation, ipad!, 'R-1');
    const parsed = parse(reply);
    expect(parsed).toMatchObject({ kind: 'session-record', headers: { 'x-test': '1' } });
    if (parsed.kind !== 'session-record') throw new Error('unreachable');
    expect(parsed.body.equals(reply.body)).toBe(true);
    expect(Object.keys(parsed.record)).toContain('AccountTokenSignature');
  });

  it('older clients: the activation-record of the node inside the HTML-wrapped plist', () => {
    const parsed = parse(legacyRecordReply(cart.activation, other!, 'R-2'));
    expect(parsed.kind).toBe('legacy-record');
    if (parsed.kind !== 'legacy-record') throw new Error('unreachable');
    expect(Buffer.isBuffer(parsed.record.AccountToken)).toBe(true);
  });

  it('Activation Lock page → ACTIVATION_LOCKED with Apple\'s sentence; error page → NOT_ACTIVATED naming it', () => {
    expect(codeOf(() => parse(activationLockReply(ipad!)))).toBe('ACTIVATION_LOCKED');
    try {
      parse(errorReply('Device Unknown', 'This device could not be identified.'));
      throw new Error('no error');
    } catch (e) {
      expect(e).toMatchObject({ code: 'NOT_ACTIVATED', message: expect.stringMatching(/Device Unknown/), remedy: expect.stringMatching(/Setup Assistant/) });
    }
  });

  it('malformed replies are PROTOCOL errors; 5xx means Apple is not answering; 4xx is a refusal', () => {
    expect(codeOf(() => parseActivationReply(200, { 'content-type': 'text/xml' }, Buffer.from('<plist><dict><key>A</key>'), 'u'))).toBe('PROTOCOL');
    expect(codeOf(() => parseActivationReply(200, { 'content-type': 'text/xml' }, Buffer.from('<?xml version="1.0"?><plist version="1.0"><dict><key>X</key><string>y</string></dict></plist>'), 'u'))).toBe('PROTOCOL');
    expect(codeOf(() => parseActivationReply(200, { 'content-type': 'image/png' }, Buffer.alloc(4), 'u'))).toBe('PROTOCOL');
    expect(codeOf(() => parseActivationReply(503, { 'content-type': 'text/html' }, Buffer.from('busy'), 'u'))).toBe('ACTIVATION_SERVER_UNREACHABLE');
    expect(codeOf(() => parseActivationReply(404, { 'content-type': 'text/html' }, Buffer.from('nope'), 'u'))).toBe('NOT_ACTIVATED');
  });

  it('the URL defaults to Apple\'s and takes the configured base without a trailing slash', () => {
    expect(activationBaseUrl('')).toBe(APPLE_ACTIVATION_BASE_URL);
    expect(activationBaseUrl(undefined)).toMatch(/^https?:\/\//);
    expect(activationBaseUrl('http://127.0.0.1:9/deviceservices/')).toBe('http://127.0.0.1:9/deviceservices');
  });
});

describe('albert over HTTP', () => {
  let server: Server;
  let base = '';
  const seen: { url: string; type: string; agent: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', type: req.headers['content-type'] ?? '', agent: req.headers['user-agent'] ?? '' });
      req.resume();
      req.on('end', () => {
        res.writeHead(req.url?.endsWith('drmHandshake') ? 500 : 502, { 'content-type': 'text/plain' });
        res.end('down');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deviceservices`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends as the device activator does and maps 5xx to ACTIVATION_SERVER_UNREACHABLE', async () => {
    await expect(postDrmHandshake({ HandshakeRequestMessage: Buffer.alloc(4) }, { baseUrl: base })).rejects.toMatchObject({ code: 'ACTIVATION_SERVER_UNREACHABLE' });
    await expect(postActivationInfo({ 'activation-info': '<plist/>' }, { baseUrl: base })).rejects.toMatchObject({ code: 'ACTIVATION_SERVER_UNREACHABLE' });
    expect(seen.map((s) => [s.url, s.type])).toEqual([
      ['/deviceservices/drmHandshake', 'application/x-apple-plist'],
      ['/deviceservices/deviceActivation', 'application/x-www-form-urlencoded'],
    ]);
    expect(seen[0]!.agent).toMatch(/^iOS Device Activator/);
  });

  it('a network error names the host it could not reach', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    await expect(postActivationInfo({}, { baseUrl: `http://127.0.0.1:${closed}/deviceservices`, udid: 'u' })).rejects.toMatchObject({
      code: 'ACTIVATION_SERVER_UNREACHABLE',
      message: expect.stringMatching(new RegExp(`cannot reach Apple's activation server at 127\\.0\\.0\\.1:${closed}`)),
    });
  });
});

afterAll(() => cart.stop());
