import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  path: string;
  size: number;
  contentType: string;
  /** Vite's hashed assets never change under one name, so they may be cached for good. */
  immutable: boolean;
}

/**
 * Maps a URL path to a file inside `root`, or null. Refuses anything that could leave the root:
 * undecodable escapes, NUL, backslashes, dot segments, dotfiles, and symlinks pointing out of it.
 * Paths without an extension fall back to index.html (the screens route in the page).
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return null;
  const wanted = segments.length === 0 || extname(segments[segments.length - 1] ?? '') === '' ? ['index.html'] : segments;
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(join(realRoot, ...wanted));
  } catch {
    return null;
  }
  if (!real.startsWith(realRoot + sep)) return null;
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return null;
  const ext = extname(real).toLowerCase();
  return {
    path: real,
    size: info.size,
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    immutable: wanted[0] === 'assets',
  };
}

export function openStaticFile(file: StaticFile): NodeJS.ReadableStream {
  return createReadStream(file.path);
}
