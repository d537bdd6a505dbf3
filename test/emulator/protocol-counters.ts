/**
 * How much protocol work the hosts asked of the cart, per device and in total: the figures a
 * station's per-device cost is measured in (usbmuxd sockets, tunnels, lockdown sessions, TLS
 * handshakes, service starts, and the lockdown, MCInstall and diagnostics requests sent on them).
 * Resettable, so a benchmark or test can count one batch.
 */

export interface DeviceProtocolCounts {
  /** usbmuxd sockets that named this device: a Connect to it, or a pair-record request for its UDID. */
  muxConnections: number;
  /** usbmuxd Connects that became a tunnel to the device, by target. */
  tunnels: { lockdown: number; service: number };
  /** Successful lockdown StartSession requests. */
  lockdownSessions: number;
  /** Completed TLS handshakes on lockdown sessions. */
  tlsHandshakes: number;
  /** Successful StartService requests (a port handed out), total and per service name. */
  serviceStarts: number;
  services: Record<string, number>;
  /** usbmuxd ReadPairRecord requests for this UDID. */
  pairRecordReads: number;
  /**
   * lockdownd requests by verb, plaintext and in session alike; GetValue by what it asked for:
   * `GetValue <Key>`, `GetValue <Domain>/<Key>`, `*` for a whole domain (no Key).
   */
  lockdownRequests: Record<string, number>;
  /** com.apple.mobile.MCInstall requests by RequestType (GetCloudConfiguration, GetProfileList, …). */
  mcinstallRequests: Record<string, number>;
  /** com.apple.mobile.diagnostics_relay requests by Request (IORegistry, MobileGestalt, Goodbye, …). */
  diagnosticsRequests: Record<string, number>;
  /**
   * Milliseconds the device spent thinking over at least one reply (the union of the latency
   * model's per-reply delays, as drawn, not as the cart's busy event loop stretched them): the
   * device's own share of a job's time, which no station can shorten. A batch cannot end before
   * its slowest device has thought this long.
   */
  thinkMs: number;
}

export interface ProtocolCountersView {
  /** ISO time of the start (or last reset) the counts run from. */
  since: string;
  /** Every usbmuxd socket accepted, also the ones that named no device (ListDevices, Listen, ReadBUID). */
  muxConnectionsAccepted: number;
  /** usbmuxd requests by MessageType. */
  muxRequests: Record<string, number>;
  /** The sum over devices. */
  totals: DeviceProtocolCounts;
  /** CPU time of the process hosting the cart since `since` (ms); in-process carts share it with the test. */
  cartCpuMs: { user: number; system: number };
  devices: Record<string, DeviceProtocolCounts>;
}

const empty = (): DeviceProtocolCounts => ({
  muxConnections: 0,
  tunnels: { lockdown: 0, service: 0 },
  lockdownSessions: 0,
  tlsHandshakes: 0,
  serviceStarts: 0,
  services: {},
  pairRecordReads: 0,
  lockdownRequests: {},
  mcinstallRequests: {},
  diagnosticsRequests: {},
  thinkMs: 0,
});

/** The sum of a request map, for ceilings that do not care which request it was. */
export function requestTotal(requests: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(requests)) n += v;
  return n;
}

const bump = (map: Record<string, number>, key: string): void => {
  map[key] = (map[key] ?? 0) + 1;
};

const addInto = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
};

/** `GetValue ActivationState`, `GetValue com.apple.mobile.battery/*`: which value a host asked for. */
function lockdownRequestKey(verb: string, domain: unknown, key: unknown): string {
  if (verb !== 'GetValue') return verb;
  const k = typeof key === 'string' ? key : '*';
  return typeof domain === 'string' ? `GetValue ${domain}/${k}` : `GetValue ${k}`;
}

export class ProtocolCounters {
  private since = new Date();
  private cpuAtStart = process.cpuUsage();
  private accepted = 0;
  private requests: Record<string, number> = {};
  private byUdid = new Map<string, DeviceProtocolCounts>();
  /** Per device, the end of the think time counted so far (think()). */
  private thinkingUntil = new Map<string, number>();

  muxAccepted(): void {
    this.accepted += 1;
  }

  muxRequest(type: string): void {
    this.requests[type] = (this.requests[type] ?? 0) + 1;
  }

  /** Called once per socket and device it named (the caller remembers which it already counted). */
  muxConnection(udid: string): void {
    this.of(udid).muxConnections += 1;
  }

  pairRecordRead(udid: string): void {
    this.of(udid).pairRecordReads += 1;
  }

  tunnel(udid: string, target: 'lockdown' | 'service'): void {
    this.of(udid).tunnels[target] += 1;
  }

  lockdownSession(udid: string): void {
    this.of(udid).lockdownSessions += 1;
  }

  tlsHandshake(udid: string): void {
    this.of(udid).tlsHandshakes += 1;
  }

  serviceStart(udid: string, service: string): void {
    const counts = this.of(udid);
    counts.serviceStarts += 1;
    counts.services[service] = (counts.services[service] ?? 0) + 1;
  }

  /** One lockdownd request (any verb), with the Domain and Key a GetValue named. */
  lockdownRequest(udid: string, verb: string, domain: unknown, key: unknown): void {
    bump(this.of(udid).lockdownRequests, lockdownRequestKey(verb, domain, key));
  }

  mcinstallRequest(udid: string, requestType: string): void {
    bump(this.of(udid).mcinstallRequests, requestType);
  }

  diagnosticsRequest(udid: string, request: string): void {
    bump(this.of(udid).diagnosticsRequests, request);
  }

  /**
   * A reply of this device waits `delayMs` from now. Delays that overlap (two connections in
   * flight) count once: per device, replies start in time order, so the union needs only the end
   * of the interval counted so far.
   */
  think(udid: string, delayMs: number, atMs = performance.now()): void {
    if (!(delayMs > 0)) return;
    const end = atMs + delayMs;
    const countedUntil = this.thinkingUntil.get(udid) ?? -Infinity;
    if (end <= countedUntil) return;
    this.of(udid).thinkMs += end - Math.max(atMs, countedUntil);
    this.thinkingUntil.set(udid, end);
  }

  reset(): void {
    this.thinkingUntil = new Map();
    this.since = new Date();
    this.cpuAtStart = process.cpuUsage();
    this.accepted = 0;
    this.requests = {};
    this.byUdid = new Map();
  }

  view(): ProtocolCountersView {
    const totals = empty();
    const devices: Record<string, DeviceProtocolCounts> = {};
    for (const [udid, c] of this.byUdid) {
      devices[udid] = {
        ...c,
        tunnels: { ...c.tunnels },
        services: { ...c.services },
        lockdownRequests: { ...c.lockdownRequests },
        mcinstallRequests: { ...c.mcinstallRequests },
        diagnosticsRequests: { ...c.diagnosticsRequests },
      };
      totals.muxConnections += c.muxConnections;
      totals.tunnels.lockdown += c.tunnels.lockdown;
      totals.tunnels.service += c.tunnels.service;
      totals.lockdownSessions += c.lockdownSessions;
      totals.tlsHandshakes += c.tlsHandshakes;
      totals.serviceStarts += c.serviceStarts;
      totals.pairRecordReads += c.pairRecordReads;
      totals.thinkMs += c.thinkMs;
      addInto(totals.services, c.services);
      addInto(totals.lockdownRequests, c.lockdownRequests);
      addInto(totals.mcinstallRequests, c.mcinstallRequests);
      addInto(totals.diagnosticsRequests, c.diagnosticsRequests);
    }
    const cpu = process.cpuUsage(this.cpuAtStart);
    return {
      since: this.since.toISOString(),
      muxConnectionsAccepted: this.accepted,
      muxRequests: { ...this.requests },
      totals,
      cartCpuMs: { user: cpu.user / 1000, system: cpu.system / 1000 },
      devices,
    };
  }

  private of(udid: string): DeviceProtocolCounts {
    let counts = this.byUdid.get(udid);
    if (!counts) {
      counts = empty();
      this.byUdid.set(udid, counts);
    }
    return counts;
  }
}
