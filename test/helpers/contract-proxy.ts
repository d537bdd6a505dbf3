import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

/**
 * The routing proxy in front of the Prism instances. Real hosts serve the full path
 * (/API/mdm/devices, /api/v1/networks/…); Prism serves each document's paths without its base
 * path and one document per version. The proxy strips the section prefix, picks the upstream
 * by section and by the `Accept: application/json;version=N` header, forwards, and records every
 * exchange with the violations Prism reported in its `sl-violations` header.
 */
export interface Route {
  /** Lower-case path prefix the connector uses, e.g. "/api/mdm" or "/api/v1". */
  prefix: string;
  /** Upstream Prism URL per API version (1 when the Accept header names none). */
  versions: Record<number, string>;
}

export interface Violation {
  location: string[];
  severity: string;
  message: string;
}

export interface Exchange {
  method: string;
  path: string;
  version: number;
  upstream: string | null;
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  /** Violations located in the request: the connector broke the vendor's contract. */
  requestViolations: Violation[];
  /** Violations of the mock's own answer (the vendor's examples break their own enums): ignored. */
  responseViolations: Violation[];
}

export interface ContractProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

function versionOf(accept: string | undefined): number {
  const match = /version\s*=\s*(\d+)/i.exec(accept ?? '');
  return match ? Number(match[1]) : 1;
}

/**
 * When the document declares no 4xx answer, Prism reports request violations in a problem+json
 * body (`validation`, locations without the "request" prefix) instead of the header.
 */
function problemViolations(contentType: string | undefined, text: string): Violation[] {
  if (!contentType?.includes('problem+json')) return [];
  try {
    const problem = JSON.parse(text) as { type?: string; validation?: Violation[] };
    if (!problem.type?.includes('UNPROCESSABLE_ENTITY')) return [];
    return (problem.validation ?? []).map((v) => ({ ...v, location: ['request', ...v.location] }));
  } catch {
    return [];
  }
}

export async function startContractProxy(routes: Route[]): Promise<ContractProxy> {
  const exchanges: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '/';
      const route = routes.find((r) => url.toLowerCase().startsWith(r.prefix.toLowerCase()));
      const version = versionOf(req.headers.accept);
      const upstream = route?.versions[version] ?? null;
      const record: Exchange = { method: req.method ?? 'GET', path: url, version, upstream, status: 0, headers: req.headers, body: body.toString('utf8'), requestViolations: [], responseViolations: [] };
      exchanges.push(record);
      if (!route || !upstream) {
        record.status = 599;
        res.writeHead(599, { 'content-type': 'text/plain' }).end(`contract proxy: no Prism for ${url} (version ${version})`);
        return;
      }
      const target = new URL(upstream + url.slice(route.prefix.length));
      const headers = { ...req.headers, host: target.host };
      const forward = httpRequest(target, { method: req.method, headers }, (up) => {
        const answer: Buffer[] = [];
        up.on('data', (c: Buffer) => answer.push(c));
        up.on('end', () => {
          const text = Buffer.concat(answer).toString('utf8');
          const violations = [...(JSON.parse(String(up.headers['sl-violations'] ?? '[]')) as Violation[]), ...problemViolations(up.headers['content-type'], text)];
          record.status = up.statusCode ?? 0;
          record.requestViolations = violations.filter((v) => v.location[0] === 'request');
          record.responseViolations = violations.filter((v) => v.location[0] !== 'request');
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(text);
        });
      });
      forward.on('error', (error) => {
        record.status = 598;
        res.writeHead(502).end(`contract proxy: ${error.message}`);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
