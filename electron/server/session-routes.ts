import type { IncomingMessage, ServerResponse } from 'node:http';
import { HostError, toApiError } from '../api/index.js';
import { sendError, sendJson } from './api-route.js';
import type { TokenAuth } from './auth.js';

export interface SessionRoutes {
  auth: TokenAuth;
  /** A fresh one-time sign-in address (for a second screen). */
  signInUrl: () => string;
  log: (line: string) => void;
}

/**
 * `POST /auth/logout` ends the caller's session; `POST /auth/revoke-all` ends every session and
 * voids unused sign-in links; `POST /auth/link` makes a new one-time sign-in address. All need a
 * credential and, like the API, a JSON content type (no cross-site form can send one).
 */
export function handleSessionRoute(ctx: SessionRoutes, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, toApiError(new HostError('INVALID_INPUT', `Use POST for ${pathname}.`)), 405);
    return;
  }
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    sendError(res, toApiError(new HostError('INVALID_INPUT', 'Send the request with Content-Type: application/json.')), 415);
    return;
  }
  const credential = ctx.auth.credential(req);
  if (credential === null) {
    sendError(res, toApiError(new HostError('UNAUTHORIZED', 'This station needs its access token.', 'Open the sign-in address the operator gave you.')));
    return;
  }
  switch (pathname) {
    case '/auth/logout': {
      const ended = credential.kind === 'session' && ctx.auth.sessions.revoke(credential.session.id);
      if (ended) ctx.log(`session ${credential.session.ref} signed out`);
      res.setHeader('Set-Cookie', ctx.auth.clearedCookie());
      sendJson(res, 200, { loggedOut: ended });
      return;
    }
    case '/auth/revoke-all': {
      const revoked = ctx.auth.sessions.revokeAll();
      ctx.log(`every session revoked (${revoked})`);
      res.setHeader('Set-Cookie', ctx.auth.clearedCookie());
      sendJson(res, 200, { revoked });
      return;
    }
    case '/auth/link':
      sendJson(res, 200, { url: ctx.signInUrl() });
      return;
    default:
      sendError(res, toApiError(new HostError('NOT_FOUND', 'There is nothing at this address.')));
  }
}
