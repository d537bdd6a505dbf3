/**
 * The media partition AFC serves (/var/mobile/Media on a device), in memory per device. A stock
 * device has the usual top-level folders; go-ios writes the SkipSetup marker at
 * `iTunes_Control/iTunes/SkipSetup` (ios/mcinstall/prepare.go setupSkipSetup).
 */
import type { VirtualDevice } from '../device/device.js';

export const SKIP_SETUP_MARKER = 'iTunes_Control/iTunes/SkipSetup';

/** Keeps 100 devices small: a host cannot park large files on the virtual cart. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

interface Node {
  dir: boolean;
  data: Buffer;
  mtimeNs: bigint;
  birthNs: bigint;
}

const STOCK_DIRS = ['Books', 'DCIM', 'Downloads', 'PhotoData', 'Photos', 'Purchases', 'Recordings', 'iTunes_Control', 'iTunes_Control/iTunes'];

export class MediaFs {
  private readonly nodes = new Map<string, Node>();

  constructor(private readonly now: () => number) {
    this.put('', true);
    for (const d of STOCK_DIRS) this.put(d, true);
  }

  static normalize(path: string): string | null {
    const parts: string[] = [];
    for (const p of path.split('/')) {
      if (p === '' || p === '.') continue;
      // AFC is jailed to the media partition: climbing out is refused, not clamped.
      if (p === '..') {
        if (parts.length === 0) return null;
        parts.pop();
      } else parts.push(p);
    }
    return parts.join('/');
  }

  private stamp(): bigint {
    return BigInt(Math.floor(this.now())) * 1_000_000n;
  }

  private put(path: string, dir: boolean, data: Buffer = Buffer.alloc(0)): Node {
    const t = this.stamp();
    const node: Node = { dir, data, mtimeNs: t, birthNs: t };
    this.nodes.set(path, node);
    return node;
  }

  get(path: string): Node | undefined {
    return this.nodes.get(path);
  }

  parentExists(path: string): boolean {
    const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    return this.nodes.get(parent)?.dir === true;
  }

  list(path: string): string[] | null {
    if (this.nodes.get(path)?.dir !== true) return null;
    const prefix = path === '' ? '' : `${path}/`;
    const names = [...this.nodes.keys()].filter((k) => k !== path && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length));
    return ['.', '..', ...names.sort()];
  }

  /** mkdir -p, as AFC's MakeDir does. False when a file is in the way. */
  mkdir(path: string): boolean {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      const node = this.nodes.get(p);
      if (node && !node.dir) return false;
      if (!node) this.put(p, true);
    }
    return true;
  }

  /** Creates or replaces a file's content (open with truncate, write). */
  write(path: string, data: Buffer): void {
    const node = this.nodes.get(path);
    if (node && !node.dir) {
      node.data = data;
      node.mtimeNs = this.stamp();
    } else this.put(path, false, data);
  }

  remove(path: string, recursive: boolean): 'ok' | 'missing' | 'not-empty' {
    if (!this.nodes.has(path) || path === '') return 'missing';
    const children = [...this.nodes.keys()].filter((k) => k.startsWith(`${path}/`));
    if (children.length > 0 && !recursive) return 'not-empty';
    for (const k of children) this.nodes.delete(k);
    this.nodes.delete(path);
    return 'ok';
  }

  rename(from: string, to: string): boolean {
    if (!this.nodes.has(from) || !this.parentExists(to)) return false;
    for (const [k, v] of [...this.nodes]) {
      if (k === from || k.startsWith(`${from}/`)) {
        this.nodes.delete(k);
        this.nodes.set(to + k.slice(from.length), v);
      }
    }
    return true;
  }

  usedBytes(): number {
    let n = 0;
    for (const v of this.nodes.values()) n += v.data.length;
    return n;
  }
}

const filesystems = new WeakMap<VirtualDevice, MediaFs>();

export function mediaFsOf(device: VirtualDevice, now: () => number): MediaFs {
  let fs = filesystems.get(device);
  if (!fs) {
    fs = new MediaFs(now);
    filesystems.set(device, fs);
  }
  return fs;
}

/** Erase All Content and Settings wipes the media partition too. */
export function wipeMediaFs(device: VirtualDevice): void {
  filesystems.delete(device);
}
