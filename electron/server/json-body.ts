import type { IncomingMessage } from 'node:http';
import { HostError } from '../api/index.js';

const MAX_BODY = 1024 * 1024;

/** Reads a JSON request body (≤ 1 MiB); an empty body is `{}` so commands without input need none. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY) throw new HostError('INVALID_INPUT', 'The request body is larger than 1 MiB.');
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HostError('INVALID_INPUT', 'The request body is not valid JSON.', 'Send the command’s input as a JSON object.');
  }
}
