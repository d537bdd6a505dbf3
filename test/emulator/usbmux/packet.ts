import type { Writable } from 'node:stream';
import { encodeXmlAfter, type PlistDict } from '../plist-codec.js';

/** usbmuxd header message types (docs/device-protocols.md §2.2). */
export const MessageType = {
  Result: 1,
  Connect: 2,
  Listen: 3,
  DeviceAdd: 4,
  DeviceRemove: 5,
  DevicePaired: 6,
  Plist: 8,
} as const;

/** usbmuxd result numbers (§2.7); pair-record calls reuse errno values. */
export const ResultCode = {
  Ok: 0,
  BadCommand: 1,
  BadDevice: 2,
  ConnRefused: 3,
  BadVersion: 6,
  ENOENT: 2,
  EINVAL: 22,
} as const;

export const HEADER_SIZE = 16;

export interface MuxPacket {
  version: number;
  message: number;
  tag: number;
  payload: Buffer;
}

/** Header + payload in one Buffer: libusbmuxd reads the header with a single recv() (§2.2). */
export function encodePlistPacket(tag: number, body: PlistDict): Buffer {
  const packet = encodeXmlAfter(HEADER_SIZE, body);
  writeHeader(packet, tag, packet.length - HEADER_SIZE);
  return packet;
}

/** A plist packet around an already encoded payload. */
export function plistPacket(tag: number, payload: Buffer): Buffer {
  return Buffer.concat([plistHeader(tag, payload.length), payload]);
}

function plistHeader(tag: number, payloadLength: number): Buffer {
  const header = Buffer.alloc(HEADER_SIZE);
  writeHeader(header, tag, payloadLength);
  return header;
}

function writeHeader(into: Buffer, tag: number, payloadLength: number): void {
  into.writeUInt32LE(HEADER_SIZE + payloadLength, 0);
  into.writeUInt32LE(1, 4);
  into.writeUInt32LE(MessageType.Plist, 8);
  into.writeUInt32LE(tag, 12);
}

/**
 * Writes a packet around a large payload the caller keeps (a cached device list or pair record)
 * without copying it into a new Buffer: header and payload leave corked, as one writev, so the
 * bytes on the wire are those of plistPacket.
 */
export function writePlistPacket(socket: Writable, tag: number, payload: Buffer): void {
  socket.cork();
  socket.write(plistHeader(tag, payload.length));
  socket.write(payload);
  socket.uncork();
}

/** Binary (version 0) RESULT, only used to refuse version-0 requests. */
export function encodeBinaryResult(tag: number, code: number): Buffer {
  const out = Buffer.alloc(HEADER_SIZE + 4);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt32LE(0, 4);
  out.writeUInt32LE(MessageType.Result, 8);
  out.writeUInt32LE(tag, 12);
  out.writeUInt32LE(code, 16);
  return out;
}

/**
 * Result payloads by code: a Prepare sends about eight per device (Connect, SavePairRecord, …),
 * all the same few plists, so each is written once and only the header (its tag) is new.
 */
const resultPayloads = new Map<number, Buffer>();

export function resultPacket(tag: number, code: number): Buffer {
  let payload = resultPayloads.get(code);
  if (!payload) {
    payload = encodePlistPacket(0, { MessageType: 'Result', Number: code }).subarray(HEADER_SIZE);
    resultPayloads.set(code, payload);
  }
  const packet = Buffer.allocUnsafe(HEADER_SIZE + payload.length);
  payload.copy(packet, HEADER_SIZE);
  writeHeader(packet, tag, payload.length);
  return packet;
}

/** Accumulates stream bytes into whole packets; a client may split a packet across TCP segments. */
export class PacketReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): MuxPacket[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const packets: MuxPacket[] = [];
    while (this.buffer.length >= HEADER_SIZE) {
      const length = this.buffer.readUInt32LE(0);
      if (length < HEADER_SIZE || length > 16 * 1024 * 1024) throw new Error(`bad usbmux packet length ${length}`);
      if (this.buffer.length < length) break;
      packets.push({
        version: this.buffer.readUInt32LE(4),
        message: this.buffer.readUInt32LE(8),
        tag: this.buffer.readUInt32LE(12),
        payload: this.buffer.subarray(HEADER_SIZE, length),
      });
      this.buffer = this.buffer.subarray(length);
    }
    return packets;
  }

  /** Bytes received after the last whole packet (the start of a Connect tunnel). */
  takeRest(): Buffer {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }
}

export function swapPort(value: number): number {
  return ((value & 0xff) << 8) | ((value >> 8) & 0xff);
}
