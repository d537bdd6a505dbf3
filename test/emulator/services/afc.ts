import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { write } from './framed.js';
import { MAX_FILE_BYTES, MediaFs, mediaFsOf } from './afc-fs.js';

/**
 * `com.apple.afc`: Apple File Conduit over the media partition. Packets are a 40-byte
 * little-endian header (magic "CFA6LPAA", entire_length, this_length, packet_num, operation)
 * followed by parameters and data; opcodes, open modes and status codes as in pymobiledevice3
 * services/afc.py (AfcOpcode, AfcFopenMode, AfcError). Replies echo packet_num; STATUS,
 * FILE_OPEN_RES and FILE_TELL_RES carry one u64, DATA carries bytes after the header.
 */
const MAGIC = Buffer.from('CFA6LPAA', 'ascii');
const HEADER = 40;

const Op = {
  status: 0x01, data: 0x02, readDir: 0x03, removePath: 0x08, makeDir: 0x09, getFileInfo: 0x0a, getDevInfo: 0x0b,
  fileOpen: 0x0d, fileOpenRes: 0x0e, read: 0x0f, write: 0x10, fileSeek: 0x11, fileTell: 0x12, fileTellRes: 0x13,
  fileClose: 0x14, fileSetSize: 0x15, renamePath: 0x18, removePathAndContents: 0x22,
} as const;

const OP_NAMES = new Map<number, string>(Object.entries(Op).map(([name, code]) => [code, name]));

const Err = { success: 0, unknownPacket: 6, invalidArg: 7, notFound: 8, isDir: 9, permDenied: 10, tooMuchData: 13, objectExists: 16, dirNotEmpty: 33 } as const;

const WRITE_MODES = new Set([2, 3, 4, 5, 6]);
const TRUNCATE_MODES = new Set([3, 4]);

interface Handle {
  path: string;
  data: Buffer;
  pos: number;
  writable: boolean;
}

interface Reply {
  op: number;
  params?: Buffer;
  data?: Buffer;
}

const u64 = (n: number | bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const status = (code: number): Reply => ({ op: Op.status, params: u64(code) });
const data = (bytes: Buffer): Reply => ({ op: Op.data, data: bytes });
const strings = (list: string[]): Buffer => Buffer.concat(list.map((s) => Buffer.from(`${s}\0`, 'utf8')));
const cstrings = (b: Buffer): string[] => b.toString('utf8').split('\0').slice(0, -1);

export function serveAfc(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  const fs = mediaFsOf(device, () => ctx.now());
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  let buffer = Buffer.alloc(0);

  const onPacket = (op: number, payload: Buffer): Reply => {
    const path = (): string | null => MediaFs.normalize(cstrings(payload)[0] ?? '');
    switch (op) {
      case Op.readDir: {
        const p = path();
        const names = p === null ? null : fs.list(p);
        return names ? data(strings(names)) : status(p !== null && fs.get(p) ? Err.invalidArg : Err.notFound);
      }
      case Op.getFileInfo: {
        const p = path();
        const node = p === null ? undefined : fs.get(p);
        if (!node) return status(Err.notFound);
        const size = node.dir ? 64 * ((p === null ? [] : (fs.list(p) ?? [])).length) : node.data.length;
        return data(strings(['st_size', String(size), 'st_blocks', String(Math.ceil(size / 512)), 'st_nlink', node.dir ? '2' : '1',
          'st_ifmt', node.dir ? 'S_IFDIR' : 'S_IFREG', 'st_mtime', String(node.mtimeNs), 'st_birthtime', String(node.birthNs)]));
      }
      case Op.getDevInfo: {
        const total = 64_000_000_000;
        return data(strings(['Model', device.identity.model.productType, 'FSTotalBytes', String(total), 'FSFreeBytes', String(total - 12_000_000_000 - fs.usedBytes()), 'FSBlockSize', '4096']));
      }
      case Op.makeDir: {
        const p = path();
        if (p === null || p === '') return status(Err.permDenied);
        return status(fs.mkdir(p) ? Err.success : Err.objectExists);
      }
      case Op.removePath:
      case Op.removePathAndContents: {
        const p = path();
        if (p === null) return status(Err.permDenied);
        const r = fs.remove(p, op === Op.removePathAndContents);
        return status(r === 'ok' ? Err.success : r === 'missing' ? Err.notFound : Err.dirNotEmpty);
      }
      case Op.renamePath: {
        const [from = '', to = ''] = cstrings(payload);
        const a = MediaFs.normalize(from);
        const b = MediaFs.normalize(to);
        return status(a !== null && b !== null && fs.rename(a, b) ? Err.success : Err.notFound);
      }
      case Op.fileOpen: {
        const mode = Number(payload.readBigUInt64LE(0));
        const p = MediaFs.normalize(cstrings(payload.subarray(8))[0] ?? '');
        if (p === null || p === '') return status(Err.permDenied);
        const node = fs.get(p);
        if (node?.dir) return status(Err.isDir);
        if (!node && (!WRITE_MODES.has(mode) || !fs.parentExists(p))) return status(Err.notFound);
        const existing = node && !TRUNCATE_MODES.has(mode) ? Buffer.from(node.data) : Buffer.alloc(0);
        const handle = nextHandle++;
        handles.set(handle, { path: p, data: existing, pos: mode === 5 || mode === 6 ? existing.length : 0, writable: WRITE_MODES.has(mode) });
        if (WRITE_MODES.has(mode)) fs.write(p, existing);
        return { op: Op.fileOpenRes, params: u64(handle) };
      }
      case Op.read: {
        const h = handles.get(Number(payload.readBigUInt64LE(0)));
        if (!h) return status(Err.invalidArg);
        const length = Number(payload.readBigUInt64LE(8));
        const chunk = h.data.subarray(h.pos, h.pos + length);
        h.pos += chunk.length;
        return data(Buffer.from(chunk));
      }
      case Op.write: {
        const h = handles.get(Number(payload.readBigUInt64LE(0)));
        if (!h || !h.writable) return status(h ? Err.permDenied : Err.invalidArg);
        const bytes = payload.subarray(8);
        if (h.pos + bytes.length > MAX_FILE_BYTES) return status(Err.tooMuchData);
        const grown = Buffer.alloc(Math.max(h.data.length, h.pos + bytes.length));
        h.data.copy(grown);
        bytes.copy(grown, h.pos);
        h.data = grown;
        h.pos += bytes.length;
        fs.write(h.path, h.data);
        return status(Err.success);
      }
      case Op.fileSeek: {
        const h = handles.get(Number(payload.readBigUInt64LE(0)));
        if (!h) return status(Err.invalidArg);
        const whence = Number(payload.readBigUInt64LE(8));
        const offset = Number(payload.readBigInt64LE(16));
        const base = whence === 1 ? h.pos : whence === 2 ? h.data.length : 0;
        h.pos = Math.max(0, base + offset);
        return status(Err.success);
      }
      case Op.fileTell: {
        const h = handles.get(Number(payload.readBigUInt64LE(0)));
        return h ? { op: Op.fileTellRes, params: u64(h.pos) } : status(Err.invalidArg);
      }
      case Op.fileSetSize: {
        const h = handles.get(Number(payload.readBigUInt64LE(0)));
        if (!h || !h.writable) return status(Err.invalidArg);
        const size = Math.min(MAX_FILE_BYTES, Number(payload.readBigUInt64LE(8)));
        const resized = Buffer.alloc(size);
        h.data.copy(resized, 0, 0, size);
        h.data = resized;
        fs.write(h.path, h.data);
        return status(Err.success);
      }
      case Op.fileClose:
        return status(handles.delete(Number(payload.readBigUInt64LE(0))) ? Err.success : Err.invalidArg);
      default:
        return status(Err.unknownPacket);
    }
  };

  const send = (packetNum: bigint, reply: Reply): void => {
    const params = reply.params ?? Buffer.alloc(0);
    const body = reply.data ?? Buffer.alloc(0);
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header, 0);
    header.writeBigUInt64LE(BigInt(HEADER + params.length + body.length), 8);
    header.writeBigUInt64LE(BigInt(HEADER + params.length), 16);
    header.writeBigUInt64LE(packetNum, 24);
    header.writeBigUInt64LE(BigInt(reply.op), 32);
    write(stream, Buffer.concat([header, params, body]));
  };

  stream.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= HEADER) {
      if (!buffer.subarray(0, 8).equals(MAGIC)) {
        ctx.log(device.udid, 'afc: bad magic');
        stream.destroy();
        return;
      }
      const entire = Number(buffer.readBigUInt64LE(8));
      if (entire < HEADER || entire > MAX_FILE_BYTES + 4096) {
        stream.destroy();
        return;
      }
      if (buffer.length < entire) return;
      const packetNum = buffer.readBigUInt64LE(24);
      const op = Number(buffer.readBigUInt64LE(32));
      const payload = buffer.subarray(HEADER, entire);
      buffer = buffer.subarray(entire);
      device.count(`AFC ${OP_NAMES.get(op) ?? `0x${op.toString(16)}`}`);
      let reply: Reply;
      try {
        reply = onPacket(op, payload);
      } catch {
        // A short parameter block (e.g. no handle) is the client's error, not the daemon's.
        reply = status(Err.invalidArg);
      }
      send(packetNum, reply);
    }
  });
}
