import type { IncomingMessage } from 'node:http';
import { hostHeaderName, isLoopbackHost } from './loopback.js';

/**
 * On a loopback bind the Host header must name loopback too: a web page that rebinds its own DNS
 * name to 127.0.0.1 then cannot reach the station's tokenless API (DNS rebinding).
 */
export function hostAllowed(req: IncomingMessage, boundToLoopback: boolean): boolean {
  if (!boundToLoopback) return true;
  const name = hostHeaderName(req.headers.host);
  return name !== null && isLoopbackHost(name);
}

/** A browser's Origin, when it sends one, must be this server itself (no cross-site calls or sockets). */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function offeredProtocols(req: IncomingMessage): Set<string> {
  const header = req.headers['sec-websocket-protocol'];
  return new Set((header ?? '').split(',').map((p) => p.trim()).filter(Boolean));
}
