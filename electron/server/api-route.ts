import type { IncomingMessage, ServerResponse } from 'node:http';
import { HostError, KioskRefusal, dispatchCommand, isHostedCommand, toApiError, type ApiError, type HostInfo, type HostedHandlers, type RequestContext } from '../api/index.js';
import { httpStatusFor } from './http-status.js';
import { readJsonBody } from './json-body.js';

export interface ApiContext {
  handlers: HostedHandlers;
  kiosk: boolean;
  log: (line: string) => void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError, status = httpStatusFor(error.code)): void {
  // Only the shown fields: the device chain stays in the station's journal.
  sendJson(res, status, { error: { code: error.code, message: error.message, remedy: error.remedy } });
}

/**
 * `POST /api/<command>` with the input as JSON → the output as JSON; `GET /api/host` → HostInfo.
 * `who` (address, user agent, session) goes with the command into the station's audit log.
 */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, pathname: string, who: RequestContext): Promise<void> {
  const name = pathname.slice('/api/'.length);
  if (name === 'host' && req.method === 'GET') {
    const info: HostInfo = { kind: 'web', kiosk: ctx.kiosk, canExitKiosk: false, kioskPinSet: false };
    sendJson(res, 200, info);
    return;
  }
  if (!isHostedCommand(name)) {
    sendError(res, toApiError(new HostError('NOT_FOUND', `There is no command named “${name.slice(0, 60)}”.`, 'See the station API for the list of commands.')));
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, toApiError(new HostError('INVALID_INPUT', `Use POST for ${name}.`)), 405);
    return;
  }
  // A JSON content type forces a CORS preflight on any cross-site page, which this server never grants.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    sendError(res, toApiError(new HostError('INVALID_INPUT', 'Send the input with Content-Type: application/json.')), 415);
    return;
  }
  try {
    const input = await readJsonBody(req);
    const output = await dispatchCommand(ctx.handlers, name, input, { kiosk: ctx.kiosk, context: who });
    sendJson(res, 200, output ?? null);
  } catch (err) {
    const error = toApiError(err);
    if (error.code === 'INTERNAL') ctx.log(`${name} failed: ${describeForLog(err)}`);
    // dispatchCommand enforces the kiosk allowlist; a refusal is "forbidden", not "who are you".
    sendError(res, error, err instanceof KioskRefusal ? 403 : httpStatusFor(error.code));
  }
}

function describeForLog(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
