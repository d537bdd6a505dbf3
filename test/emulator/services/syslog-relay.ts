import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { write } from './framed.js';

/**
 * `com.apple.syslog_relay`: no request, the device streams its log as text lines, each ended by
 * "\n\0" (pymobiledevice3 services/syslog.py SYSLOG_LINE_SPLITTER), in the BSD syslog shape
 * `Mon dd hh:mm:ss DeviceName process[pid] <Level>: message` that idevicesyslog parses.
 */
const SOURCES: readonly { process: string; pid: number; level: string; message: (d: VirtualDevice) => string }[] = [
  { process: 'SpringBoard', pid: 58, level: 'Notice', message: () => 'Front display did change: <SBApplication: com.apple.purplebuddy>' },
  { process: 'lockdownd', pid: 71, level: 'Notice', message: () => 'spawn_xpc_service_block_invoke: description of xpc reply: <dictionary: { "XPCErrorDescription" => "Connection invalid" }>' },
  { process: 'powerd', pid: 64, level: 'Notice', message: (d) => `Battery capacity change posted 0x${d.battery.percent.toString(16)} (${d.battery.percent}%)` },
  { process: 'mobileactivationd', pid: 121, level: 'Notice', message: (d) => `Activation state: ${d.activationState}` },
  { process: 'backboardd', pid: 66, level: 'Notice', message: () => 'Connection removed: IOHIDEventQueue is full' },
  { process: 'wifid', pid: 90, level: 'Notice', message: () => 'WiFi:[scan]: no networks found' },
];

const INTERVAL_MS = 250;

function stamp(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const time = date.toISOString().slice(11, 19);
  return `${month} ${day} ${time}`;
}

export function serveSyslogRelay(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  device.count('syslog_relay');
  let next = 0;
  const emit = (): void => {
    const source = SOURCES[next++ % SOURCES.length]!;
    const line = `${stamp(new Date(ctx.now()))} ${device.name} ${source.process}[${source.pid}] <${source.level}>: ${source.message(device)}\n\0`;
    write(stream, Buffer.from(line, 'utf8'));
  };
  // Clients read until they hang up; the backlog the device keeps comes first.
  for (let i = 0; i < 3; i++) emit();
  const timer = setInterval(emit, INTERVAL_MS);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  stream.once('close', stop);
  stream.once('error', stop);
  stream.on('data', () => undefined);
}
