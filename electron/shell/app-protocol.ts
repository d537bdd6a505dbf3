import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy } from '../server/csp.js';
import { resolveStaticFile } from '../server/static-files.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

const CSP = contentSecurityPolicy('none');

/**
 * The `app://cartwright/` handler: GET only, our host only, files only from the built renderer
 * (the same traversal-proof resolver as the web host), each answer with the screens' CSP.
 */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (!file) return refuse(404);
    const body = request.method === 'HEAD' ? null : await readFile(file.path);
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' },
    });
  };
}

function refuse(status: number): Response {
  return new Response(null, { status, headers: { 'Content-Security-Policy': CSP } });
}
