import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VirtualDevice } from '../device/device.js';
import { asBuffer, asDict, asString, decodeDict, encodeXml, type PlistDict } from '../plist-codec.js';
import type { ActivationAuthority } from './authority.js';
import { decodeHandshakeRequest, encodeHandshakeResponse } from './blobs.js';
import { activationLockReply, errorReply, legacyRecordReply, sessionRecordReply, type Reply } from './replies.js';

/**
 * A loopback stand-in for albert.apple.com/deviceservices: drmHandshake (session info in, handshake
 * reply out) and deviceActivation (form field activation-info in, activation record out). It only
 * answers what one of this cart's devices produced; Activation Lock and unknown devices get
 * Apple's pages. Paths and field names as pymobiledevice3 services/mobile_activation.py and go-ios
 * ios/mobileactivation/albert.go send them.
 */
export interface ActivationServerOptions {
  authority: ActivationAuthority;
  lookup(udid: string): VirtualDevice | undefined;
  /** `127.0.0.1:PORT` (0 = any free port). */
  listen?: string;
  log?(message: string): void;
}

export interface ActivationServer {
  /** Base URL, e.g. `http://127.0.0.1:PORT/deviceservices` (Apple's: https://albert.apple.com/deviceservices). */
  readonly url: string;
  /** Requests received per endpoint (`drmHandshake`, `deviceActivation`). */
  readonly counters: Record<string, number>;
  close(): Promise<void>;
}

const BASE_PATH = '/deviceservices';

export async function startActivationServer(options: ActivationServerOptions): Promise<ActivationServer> {
  const counters: Record<string, number> = {};
  const server = createServer((req, res) => {
    void handle(options, counters, req).then(
      (reply) => send(res, reply),
      (error: unknown) => send(res, { status: 500, contentType: 'text/plain', body: Buffer.from(String(error)) }),
    );
  });
  const [host, port] = splitAddress(options.listen ?? '127.0.0.1:0');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}${BASE_PATH}`,
    counters,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(options: ActivationServerOptions, counters: Record<string, number>, req: IncomingMessage): Promise<Reply> {
  const endpoint = (req.url ?? '').split('?')[0];
  const body = await readBody(req);
  if (req.method !== 'POST') return text(405, 'POST only');
  if (endpoint === `${BASE_PATH}/drmHandshake`) {
    counters.drmHandshake = (counters.drmHandshake ?? 0) + 1;
    return drmHandshake(options, body);
  }
  if (endpoint === `${BASE_PATH}/deviceActivation`) {
    counters.deviceActivation = (counters.deviceActivation ?? 0) + 1;
    return deviceActivation(options, body, req.headers['content-type'] ?? '');
  }
  return text(404, 'Not Found');
}

function drmHandshake(options: ActivationServerOptions, body: Buffer): Reply {
  let info: PlistDict;
  try {
    info = decodeDict(body);
  } catch {
    return text(400, 'Bad Request');
  }
  const request = decodeHandshakeRequest(asBuffer(info.HandshakeRequestMessage) ?? Buffer.alloc(0));
  const device = request ? options.lookup(request.udid) : undefined;
  if (!request || !device || !options.authority.verifyDeviceMac(device.udid, request.nonce, request.mac)) return text(400, 'Bad Request');
  options.log?.(`albert: drmHandshake for ${device.udid}`);
  const serverKP = randomBytes(64);
  return {
    status: 200,
    contentType: 'text/xml',
    body: encodeXml({
      FDRBlob: randomBytes(32),
      HandshakeResponseMessage: encodeHandshakeResponse(options.authority, device.udid, request.nonce, serverKP),
      SUInfo: randomBytes(280),
      serverKP,
    }),
  };
}

async function deviceActivation(options: ActivationServerOptions, body: Buffer, contentType: string): Promise<Reply> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return text(400, 'Bad Request');
  }
  const field = form.get('activation-info');
  const info = typeof field === 'string' ? plistDict(field) : null;
  const xml = asBuffer(info?.ActivationInfoXML);
  const inner = xml ? plistDict(xml.toString('utf8')) : null;
  if (!info || !xml || !inner) return errorReply('Activation Error', 'Activation request could not be completed. Please try again.');
  const deviceId = asDict(inner.DeviceID);
  const udid = asString(deviceId?.UniqueDeviceID) ?? asString(inner.UniqueDeviceID);
  const device = udid ? options.lookup(udid) : undefined;
  const signature = asBuffer(info.FairPlaySignature);
  if (!device || !signature || !options.authority.verifyDeviceMac(device.udid, xml, signature)) {
    return errorReply('Device Unknown', 'This device could not be identified by the activation server.');
  }
  const serial = form.get('AppleSerialNumber');
  if (typeof serial === 'string' && serial !== device.identity.serial) return errorReply('Device Unknown', 'The serial number does not match this device.');
  if (device.activationLock) {
    options.log?.(`albert: ${device.udid} is Activation Locked`);
    return activationLockReply(device);
  }
  const randomness = asString(asDict(inner.ActivationRequestInfo)?.ActivationRandomness) ?? asString(inner.ActivationRandomness);
  if (!randomness) return errorReply('Activation Error', 'Activation request could not be completed. Please try again.');
  options.log?.(`albert: activation record for ${device.udid}`);
  // Session-mode requests carry the handshake's serverKP; older clients get the HTML-wrapped form.
  return asBuffer(info.serverKP) ? sessionRecordReply(options.authority, device, randomness) : legacyRecordReply(options.authority, device, randomness);
}

/** activation-info arrives as a whole plist (pymobiledevice3, go-ios) or a bare <dict> (libideviceactivation). */
function plistDict(xml: string): PlistDict | null {
  const doc = xml.trimStart().startsWith('<dict') ? `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0">${xml}</plist>` : xml;
  try {
    return decodeDict(Buffer.from(doc, 'utf8'));
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': reply.body.length, Server: 'Apple' });
  res.end(reply.body);
}

const text = (status: number, message: string): Reply => ({ status, contentType: 'text/plain', body: Buffer.from(message, 'utf8') });

function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  const port = Number(address.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad activation server address ${address}`);
  return [address.slice(0, i), port];
}
