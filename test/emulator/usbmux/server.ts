import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { asBuffer, asString, decodeDict, encodeXml, type PlistDict } from '../plist-codec.js';
import type { ProtocolCounters } from '../protocol-counters.js';
import {
  MessageType,
  PacketReader,
  ResultCode,
  encodeBinaryResult,
  encodePlistPacket,
  resultPacket,
  writePlistPacket,
  swapPort,
  type MuxPacket,
} from './packet.js';

/** What the usbmuxd front end needs from the cart behind it. */
export interface MuxBackend {
  /** Properties dicts (docs/device-protocols.md §2.6) of the attached devices, in attach order. */
  attached(): { deviceId: number; properties: PlistDict }[];
  /** The DeviceIDs attached() would list, in its order, as one string (no Properties built). */
  attachedIds(): string;
  /** Resolves a Connect target: a function that takes over the socket, or why it cannot. */
  openPort(deviceId: number, port: number): TunnelHandler | 'no-device' | 'refused';
  buid(): string;
  readPairRecord(udid: string): Buffer | undefined;
  savePairRecord(udid: string, data: Buffer, deviceId: number | undefined): void;
  deletePairRecord(udid: string): void;
  muxLog(message: string): void;
  /** The UDID behind a DeviceID (USB entry or Wi-Fi twin), for the protocol counters. */
  udidOf(deviceId: number): string | undefined;
  readonly protocolCounters: ProtocolCounters;
}

export type TunnelHandler = (socket: Socket, leftover: Buffer) => void;

interface ClientInfo {
  id: number;
  progName: string;
  bundleId: string | undefined;
  libVersion: number;
  /** UDIDs this socket already counted against (one socket counts once per device). */
  named: Set<string>;
}

/** A usbmuxd-compatible daemon front end (§2): one request per socket, except Listen and Connect. */
export class MuxServer {
  private readonly listeners = new Set<Socket>();
  private readonly clients = new Map<Socket, ClientInfo>();
  private readonly servers: Server[] = [];
  private nextClientId = 1;
  /**
   * The encoded ListDevices reply for one set of attached DeviceIDs. libimobiledevice asks for the
   * whole list on every idevice_new (usbmuxd_get_device_by_udid), about 50 times per device in a
   * Prepare; a device's Properties never change while it keeps its DeviceID (a new attach gets a new one).
   */
  private deviceList: { ids: string; payload: Buffer } | null = null;

  constructor(private readonly backend: MuxBackend) {}

  /** `host:port` or `UNIX:/path` (the two forms of USBMUXD_SOCKET_ADDRESS); returns the bound address in the same form. */
  async listen(address: string): Promise<string> {
    const server = createServer((socket) => this.accept(socket));
    this.servers.push(server);
    if (address.startsWith('UNIX:')) {
      const path = address.slice(5);
      // A stale socket file from a killed run would make listen() fail with EADDRINUSE.
      if (existsSync(path) && lstatSync(path).isSocket()) unlinkSync(path);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, () => resolve());
      });
      return `UNIX:${path}`;
    }
    const colon = address.lastIndexOf(':');
    const host = address.slice(0, colon).replace(/^\[|\]$/g, '') || '127.0.0.1';
    const port = Number.parseInt(address.slice(colon + 1), 10);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const bound = server.address() as AddressInfo;
    return `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  }

  async close(): Promise<void> {
    for (const s of this.clients.keys()) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  /** Pushes a tag-0 notification to every Listen socket. */
  broadcast(body: PlistDict): void {
    const packet = encodePlistPacket(0, body);
    for (const s of this.listeners) if (!s.destroyed) s.write(packet);
  }

  private accept(socket: Socket): void {
    const reader = new PacketReader();
    const info: ClientInfo = { id: this.nextClientId++, progName: '', bundleId: undefined, libVersion: 0, named: new Set() };
    this.backend.protocolCounters.muxAccepted();
    this.clients.set(socket, info);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.clients.delete(socket);
      this.listeners.delete(socket);
    });
    const onData = (chunk: Buffer): void => {
      let packets: MuxPacket[];
      try {
        packets = reader.push(chunk);
      } catch (error) {
        this.backend.muxLog(`usbmux: ${(error as Error).message}`);
        socket.destroy();
        return;
      }
      for (const packet of packets) {
        const tunnel = this.handle(socket, info, packet);
        if (tunnel) {
          // From here on the socket is a raw pipe to the device port (§2.5 Connect).
          socket.off('data', onData);
          socket.pause();
          this.clients.delete(socket);
          tunnel(socket, reader.takeRest());
          return;
        }
      }
    };
    socket.on('data', onData);
  }

  /** Returns the Connect target when the packet turns the socket into a tunnel. */
  private handle(socket: Socket, info: ClientInfo, packet: MuxPacket): TunnelHandler | null {
    if (packet.version !== 1 || packet.message !== MessageType.Plist) {
      // We speak the plist protocol only; libusbmuxd never sends v0 unless told BADVERSION (§2.3).
      socket.write(packet.version === 0 ? encodeBinaryResult(packet.tag, ResultCode.BadCommand) : resultPacket(packet.tag, ResultCode.BadVersion));
      return null;
    }
    let request: PlistDict;
    try {
      request = decodeDict(packet.payload);
    } catch {
      socket.write(resultPacket(packet.tag, ResultCode.BadCommand));
      return null;
    }
    info.progName = asString(request.ProgName) ?? info.progName;
    info.bundleId = asString(request.BundleID) ?? info.bundleId;
    info.libVersion = typeof request.kLibUSBMuxVersion === 'number' ? request.kLibUSBMuxVersion : info.libVersion;
    const type = asString(request.MessageType) ?? '';
    const tag = packet.tag;
    this.count(info, type, request);
    this.backend.muxLog(`usbmux ${type}${request.PairRecordID ? ` ${String(request.PairRecordID)}` : ''} from ${info.progName || '?'}`);
    switch (type) {
      case 'ListDevices':
        writePlistPacket(socket, tag, this.deviceListPayload());
        return null;
      case 'Listen':
        socket.write(resultPacket(tag, ResultCode.Ok));
        this.listeners.add(socket);
        for (const d of this.backend.attached()) {
          socket.write(encodePlistPacket(0, { MessageType: 'Attached', DeviceID: d.deviceId, Properties: d.properties }));
        }
        return null;
      case 'Connect': {
        const deviceId = typeof request.DeviceID === 'number' ? request.DeviceID : -1;
        const port = typeof request.PortNumber === 'number' ? swapPort(request.PortNumber) : -1;
        const target = this.backend.openPort(deviceId, port);
        if (typeof target === 'string') {
          socket.write(resultPacket(tag, target === 'no-device' ? ResultCode.BadDevice : ResultCode.ConnRefused));
          return null;
        }
        socket.write(resultPacket(tag, ResultCode.Ok));
        return target;
      }
      case 'ReadBUID':
        socket.write(encodePlistPacket(tag, { BUID: this.backend.buid() }));
        return null;
      case 'ReadPairRecord': {
        const data = this.backend.readPairRecord(asString(request.PairRecordID) ?? '');
        if (data) writePlistPacket(socket, tag, this.pairRecordPayload(data));
        else socket.write(resultPacket(tag, ResultCode.ENOENT));
        return null;
      }
      case 'SavePairRecord': {
        const udid = asString(request.PairRecordID);
        const data = asBuffer(request.PairRecordData);
        if (!udid || !data) {
          socket.write(resultPacket(tag, ResultCode.EINVAL));
          return null;
        }
        this.backend.savePairRecord(udid, data, typeof request.DeviceID === 'number' ? request.DeviceID : undefined);
        socket.write(resultPacket(tag, ResultCode.Ok));
        return null;
      }
      case 'DeletePairRecord': {
        const udid = asString(request.PairRecordID);
        if (!udid) {
          socket.write(resultPacket(tag, ResultCode.EINVAL));
          return null;
        }
        this.backend.deletePairRecord(udid);
        socket.write(resultPacket(tag, ResultCode.Ok));
        return null;
      }
      case 'ListListeners':
        socket.write(encodePlistPacket(tag, { ListenerList: this.listenerList() }));
        return null;
      default:
        socket.write(resultPacket(tag, ResultCode.BadCommand));
        return null;
    }
  }

  /**
   * The encoded ReadPairRecord reply for one stored record: hosts read the same ~12 KB record about
   * five times per device in a Prepare, and the store never changes a record's bytes in place
   * (a save stores a new Buffer).
   */
  private readonly pairRecordReplies = new WeakMap<Buffer, Buffer>();

  private pairRecordPayload(data: Buffer): Buffer {
    let payload = this.pairRecordReplies.get(data);
    if (!payload) {
      payload = encodeXml({ PairRecordData: data });
      this.pairRecordReplies.set(data, payload);
    }
    return payload;
  }

  private deviceListPayload(): Buffer {
    const ids = this.backend.attachedIds();
    if (this.deviceList?.ids !== ids) {
      const attached = this.backend.attached();
      const payload = encodeXml({ DeviceList: attached.map((d) => ({ DeviceID: d.deviceId, MessageType: 'Attached', Properties: d.properties })) });
      this.deviceList = { ids, payload };
    }
    return this.deviceList.payload;
  }

  private count(info: ClientInfo, type: string, request: PlistDict): void {
    const counters = this.backend.protocolCounters;
    counters.muxRequest(type);
    const udid = type === 'Connect' ? this.backend.udidOf(typeof request.DeviceID === 'number' ? request.DeviceID : -1) : asString(request.PairRecordID);
    if (!udid) return;
    if (type === 'ReadPairRecord') counters.pairRecordRead(udid);
    if (info.named.has(udid)) return;
    info.named.add(udid);
    counters.muxConnection(udid);
  }

  private listenerList(): PlistDict[] {
    return [...this.listeners].map((s) => {
      const c = this.clients.get(s);
      const entry: PlistDict = {
        Blacklisted: false,
        ConnType: 0,
        'ID String': `${c?.id ?? 0}-${c?.progName ?? ''}`,
        ProgName: c?.progName ?? '',
        kLibUSBMuxVersion: c?.libVersion ?? 3,
      };
      if (c?.bundleId) entry.BundleID = c.bundleId;
      return entry;
    });
  }
}
