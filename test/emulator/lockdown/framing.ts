import type { Duplex } from 'node:stream';
import { decodeDict, encodeXmlAfter, type PlistDict } from '../plist-codec.js';

/**
 * 4-byte big-endian length + plist, in one Buffer so the length never arrives split
 * (docs/device-protocols.md §3.1).
 */
export function encodeFrame(body: PlistDict): Buffer {
  const frame = encodeXmlAfter(4, body);
  frame.writeUInt32BE(frame.length - 4, 0);
  return frame;
}

export function frameBytes(payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

export interface FrameReader {
  /** Stops reading and returns any bytes already received but not consumed (e.g. a TLS ClientHello). */
  detach(): Buffer;
}

/**
 * Reads length-prefixed plist frames from a stream and hands them, one at a time, to an async handler:
 * the next frame is not handled before the previous reply was written, as on a real device.
 */
export function readFrames(
  stream: Duplex,
  onFrame: (body: PlistDict) => Promise<void>,
  onError: (error: Error) => void,
): FrameReader {
  let buffer: Buffer = Buffer.alloc(0);
  let busy = false;
  let detached = false;

  const pump = (): void => {
    if (busy || detached) return;
    if (buffer.length < 4) return;
    const length = buffer.readUInt32BE(0);
    if (length > 64 * 1024 * 1024) {
      onError(new Error(`frame too large: ${length}`));
      return;
    }
    if (buffer.length < 4 + length) return;
    const payload = buffer.subarray(4, 4 + length);
    buffer = buffer.subarray(4 + length);
    let body: PlistDict;
    try {
      body = decodeDict(payload);
    } catch (error) {
      onError(error as Error);
      return;
    }
    busy = true;
    onFrame(body).then(
      () => {
        busy = false;
        pump();
      },
      (error: unknown) => {
        busy = false;
        onError(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };

  const onData = (chunk: Buffer): void => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    pump();
  };
  stream.on('data', onData);

  return {
    detach(): Buffer {
      detached = true;
      // Pause first: a flowing stream with no 'data' listener would drop the TLS ClientHello.
      stream.pause();
      stream.off('data', onData);
      const rest = buffer;
      buffer = Buffer.alloc(0);
      return rest;
    },
  };
}
