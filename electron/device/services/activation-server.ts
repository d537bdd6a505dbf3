/**
 * The HTTP side of activation: Apple's activation server ("albert"). Endpoints, headers and form
 * field as pymobiledevice3 services/mobile_activation.py, go-ios ios/mobileactivation/albert.go and
 * libideviceactivation src/activation.c send them; replies parsed as libideviceactivation does
 * (text/xml or application/xml plist, HTML with a <script type="text/x-apple-plist"> plist,
 * application/x-buddyml pages for Activation Lock and errors).
 */
import { z } from 'zod';
import { DeviceError } from '../errors.js';
import { fromXml, parseReply, toXml } from '../plist.js';

/** Apple's base URL; `/drmHandshake` and `/deviceActivation` hang off it. */
export const APPLE_ACTIVATION_BASE_URL = 'https://albert.apple.com/deviceservices';
/** The station's override (a proxy, or the virtual cart's stand-in server). */
export const ACTIVATION_URL_ENV = 'CARTWRIGHT_ACTIVATION_URL';

/** go-ios and libideviceactivation present themselves as the device's own activator. */
const USER_AGENT = 'iOS Device Activator (MobileActivation-592.103.2)';
const DEFAULT_TIMEOUT_MS = 30_000;

export function activationBaseUrl(configured: string | undefined = process.env[ACTIVATION_URL_ENV]): string {
  const url = configured?.trim() || APPLE_ACTIVATION_BASE_URL;
  return url.replace(/\/+$/, '');
}

export interface ServerCallOptions {
  baseUrl: string;
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  udid?: string;
}

/** What albert answered to deviceActivation, once understood. */
export type ActivationReply =
  /** Session mode: the whole plist body goes to HandleActivationInfoWithSessionRequest as data. */
  | { kind: 'session-record'; body: Buffer; record: Record<string, unknown>; headers: Record<string, string> }
  /** Older clients: the activation-record dict of an iphone-/device-activation node. */
  | { kind: 'legacy-record'; record: Record<string, unknown>; headers: Record<string, string> }
  /** Apple says the device was activated already (ack-received). */
  | { kind: 'acknowledged' };

const dict = z.record(z.string(), z.unknown());
const handshakeReply = z.object({ HandshakeResponseMessage: z.instanceof(Buffer) }).loose();
const sessionRecord = z.object({ ActivationRecord: dict }).loose();
const legacyNode = z.object({ 'activation-record': dict.optional(), 'ack-received': z.boolean().optional() }).loose();

/** POST the device's session info; resolves the reply body, which the device reads back verbatim. */
export async function postDrmHandshake(sessionInfo: Record<string, unknown>, options: ServerCallOptions): Promise<Buffer> {
  const res = await post(`${options.baseUrl}/drmHandshake`, Buffer.from(toXml(sessionInfo), 'utf8'), { 'Content-Type': 'application/x-apple-plist', Accept: 'application/xml' }, options);
  if (res.status >= 300) throw refusedByStatus(res.status, options.udid);
  parseReply(handshakeReply, parsePlist(res.body, options.udid), { udid: options.udid, what: 'drmHandshake reply from the activation server' });
  return res.body;
}

/** POST activation-info (and, for old devices, the extra lockdown fields) to deviceActivation. */
export async function postActivationInfo(fields: Record<string, string>, options: ServerCallOptions): Promise<ActivationReply> {
  const body = Buffer.from(new URLSearchParams(fields).toString(), 'utf8');
  const res = await post(`${options.baseUrl}/deviceActivation`, body, { 'Content-Type': 'application/x-www-form-urlencoded', Accept: '*/*' }, options);
  return parseActivationReply(res.status, res.headers, res.body, options.udid);
}

/** Pure: albert's reply → what to hand the device, or a typed error. Exported for tests. */
export function parseActivationReply(status: number, headers: Record<string, string>, body: Buffer, udid?: string): ActivationReply {
  if (status >= 300) throw refusedByStatus(status, udid);
  const type = (headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('text/xml') || type.startsWith('application/xml')) return fromRecordPlist(body, headers, udid);
  if (type.startsWith('text/html')) {
    const html = body.toString('utf8');
    if (/<input[^>]*name=["']isAuthRequired["'][^>]*value=["']true["']/i.test(html)) throw locked(udid, null);
    const embedded = /<script[^>]*type=["']text\/x-apple-plist["'][^>]*>([\s\S]*?)<\/script>/i.exec(html)?.[1];
    if (embedded) return fromRecordPlist(Buffer.from(embedded.trim(), 'utf8'), headers, udid);
    throw refused(udid, htmlTitle(html));
  }
  if (type.startsWith('application/x-buddyml')) return fromBuddyMl(body.toString('utf8'), udid);
  throw new DeviceError('PROTOCOL', {
    udid,
    message: `Apple's activation server sent an unexpected reply (${type || 'no content type'}).`,
    chain: [{ source: 'activation', name: 'CONTENT_TYPE', message: type }],
    reply: body.subarray(0, 2000).toString('utf8'),
  });
}

function fromRecordPlist(body: Buffer, headers: Record<string, string>, udid?: string): ActivationReply {
  const value = parseReply(dict, parsePlist(body, udid), { udid, what: 'activation record from the activation server' });
  const session = sessionRecord.safeParse(value);
  if (session.success) {
    if (session.data.ActivationRecord['ack-received'] === true && Object.keys(session.data.ActivationRecord).length === 1) return { kind: 'acknowledged' };
    return { kind: 'session-record', body, record: session.data.ActivationRecord, headers };
  }
  const node = parseReply(legacyNode, value['iphone-activation'] ?? value['device-activation'], { udid, what: 'activation record from the activation server' });
  if (node['activation-record']) return { kind: 'legacy-record', record: node['activation-record'], headers };
  if (node['ack-received']) return { kind: 'acknowledged' };
  throw refused(udid, null);
}

/**
 * BuddyML: an error page has its navigationBar directly under xmlui; a page asking for an Apple ID
 * (editableTextRow fields) is Activation Lock; clientInfo ack-received means already activated.
 */
function fromBuddyMl(xml: string, udid?: string): ActivationReply {
  if (/<clientInfo[^>]*ack-received=["']true["']/i.test(xml)) return { kind: 'acknowledged' };
  const title = attr(/<navigationBar[^>]*title=["']([^"']*)["']/i.exec(xml)?.[1]);
  const footer = attr(/<section[^>]*footer=["']([^"']*)["']/i.exec(xml)?.[1]) ?? text(/<footer[^>]*>([\s\S]*?)<\/footer>/i.exec(xml)?.[1]);
  const beforePage = xml.split(/<page[\s>]/i)[0] ?? xml;
  if (/<navigationBar/i.test(beforePage)) throw refused(udid, [title, footer].filter(Boolean).join(': ') || null);
  if (/<editableTextRow/i.test(xml) || /isAuthRequired=["']true["']/i.test(xml)) throw locked(udid, footer);
  throw refused(udid, [title, footer].filter(Boolean).join(': ') || null);
}

async function post(url: string, body: Buffer, headers: Record<string, string>, options: ServerCallOptions): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { method: 'POST', body: new Uint8Array(body), headers: { ...headers, 'User-Agent': USER_AGENT }, signal });
    const replyHeaders: Record<string, string> = {};
    res.headers.forEach((value, name) => (replyHeaders[name] = value));
    return { status: res.status, headers: replyHeaders, body: Buffer.from(await res.arrayBuffer()) };
  } catch (cause) {
    if (options.signal?.aborted) throw options.signal.reason;
    const reason = timeout.aborted ? `no answer within ${Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s` : networkReason(cause);
    throw new DeviceError('ACTIVATION_SERVER_UNREACHABLE', {
      udid: options.udid,
      message: `The station cannot reach Apple's activation server at ${new URL(url).host} (${reason}).`,
      chain: [{ source: 'activation', name: 'NETWORK', message: `${url}: ${reason}` }],
      cause,
    });
  }
}

function networkReason(cause: unknown): string {
  const inner = (cause as { cause?: { code?: string; message?: string } }).cause;
  return inner?.code ?? inner?.message ?? (cause instanceof Error ? cause.message : String(cause));
}

function parsePlist(body: Buffer, udid?: string): unknown {
  try {
    return fromXml(body.toString('utf8'), { what: 'activation server reply', ...(udid ? { udid } : {}) });
  } catch (e) {
    if (e instanceof DeviceError) throw new DeviceError('PROTOCOL', { udid, message: 'Apple\'s activation server sent an unreadable reply.', chain: e.chain, reply: e.reply });
    throw e;
  }
}

function refusedByStatus(status: number, udid?: string): DeviceError {
  if (status >= 500) {
    return new DeviceError('ACTIVATION_SERVER_UNREACHABLE', {
      udid,
      message: `Apple's activation server is not answering properly right now (HTTP ${status}).`,
      remedy: 'Wait a few minutes and retry; check Apple\'s system status page if it persists.',
      chain: [{ source: 'activation', name: 'HTTP', code: status }],
    });
  }
  return refused(udid, `HTTP ${status}`, status);
}

function refused(udid: string | undefined, detail: string | null, status?: number): DeviceError {
  return new DeviceError('NOT_ACTIVATED', {
    udid,
    message: `Apple's activation server refused to activate this device${detail ? ` (“${detail}”)` : ''}.`,
    remedy: 'Activate it on the device itself (Setup Assistant over Wi-Fi) or with Finder/iTunes; if Apple keeps refusing, contact Apple Support with its serial number.',
    chain: [{ source: 'activation', name: 'REFUSED', ...(status ? { code: status } : {}), ...(detail ? { message: detail } : {}) }],
  });
}

function locked(udid: string | undefined, detail: string | null): DeviceError {
  return new DeviceError('ACTIVATION_LOCKED', {
    udid,
    message: `Activation Lock is on: Apple asks for the Apple Account this device is linked to${detail ? ` (“${detail}”)` : ''}.`,
    chain: [{ source: 'activation', name: 'ACTIVATION_LOCK', ...(detail ? { message: detail } : {}) }],
  });
}

const attr = (s: string | undefined): string | null => (s ? s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim() : null);
const text = (s: string | undefined): string | null => attr(s?.replace(/<[^>]+>/g, ''));
const htmlTitle = (html: string): string | null => text(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]);
