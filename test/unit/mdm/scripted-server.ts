import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A loopback HTTP server answering from a per-test handler, recording every request. */
export interface Scripted {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  handle(fn: (req: IncomingMessage, res: ServerResponse, n: number, body: string) => void): void;
  close(): Promise<void>;
}

export async function scriptedServer(): Promise<Scripted> {
  let handler: (req: IncomingMessage, res: ServerResponse, n: number, body: string) => void = (_q, res) => res.writeHead(500).end();
  const requests: Scripted['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, requests.length, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle: (fn) => (handler = fn),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
