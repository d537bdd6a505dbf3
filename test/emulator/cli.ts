import { Command, InvalidArgumentError, Option } from 'commander';
import { startVirtualCart } from './index.js';

const number = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number`);
  return n;
};

const program = new Command()
  .name('virtual-cart')
  .description('A usbmuxd-compatible daemon emulating a cart of iPhones and iPads')
  .option('--devices <n>', 'number of devices', number('devices'), 8)
  .option('--listen <address...>', 'usbmuxd address(es): 127.0.0.1:PORT or UNIX:/path (port 0 = any free port)', ['127.0.0.1:27999'])
  .option('--control <address>', 'control API address 127.0.0.1:PORT (0 = any free port)', '127.0.0.1:8123')
  .option('--seed <seed>', 'population seed (number or text)', '1')
  .addOption(new Option('--latency <mode>', 'latency model').choices(['none', 'realistic']).default('none'))
  .option('--time-scale <x>', 'multiplier on realistic durations (0.1 = ten times faster)', number('time-scale'), 1)
  .addOption(new Option('--trust <mode>', 'the Trust-dialog answer; pending, deny and passcode make set-up (activated) devices, the only ones with a dialog or a lock').choices(['accept', 'pending', 'deny', 'passcode']).default('accept'))
  .addOption(new Option('--erase-reply <mode>', 'how devices end MCInstall EraseDevice: reply then reboot, or drop the connection').choices(['ack', 'drop']).default('ack'))
  .option('--state-file <file>', 'persist pair records and device state here')
  .option('--network-twins <n>', 'the first N devices are also listed over Wi-Fi (ConnectionType Network)', number('network-twins'), 0)
  .option('--legacy-device', 'make the last device an iOS 9.3.5 iPad (TLS 1.0 path)', false)
  .option('--activated', 'devices start activated, in Setup Assistant (default: Unactivated at Hello)', false)
  .option('--activation <address>', 'stand-in activation server address 127.0.0.1:PORT (0 = any free port)', '127.0.0.1:0')
  .option('--usbmuxd-auto-pair', "behave like Linux usbmuxd's preflight: pair with each device itself (fresh keys) at attach and when Trust is tapped", false)
  .option('--verbose', 'log every request to stderr', false)
  .parse();

const opts = program.opts<{
  devices: number;
  listen: string[];
  control: string;
  seed: string;
  latency: 'none' | 'realistic';
  timeScale: number;
  trust: 'accept' | 'pending' | 'deny' | 'passcode';
  eraseReply: 'ack' | 'drop';
  stateFile?: string;
  legacyDevice: boolean;
  activated: boolean;
  activation: string;
  networkTwins: number;
  usbmuxdAutoPair: boolean;
  verbose: boolean;
}>();

const seed = /^\d+$/.test(opts.seed) ? Number(opts.seed) : opts.seed;

const cart = await startVirtualCart({
  devices: opts.devices,
  listen: opts.listen,
  control: opts.control,
  seed,
  latency: opts.latency,
  timeScale: opts.timeScale,
  trust: opts.trust,
  eraseReply: opts.eraseReply,
  stateFile: opts.stateFile,
  legacyDevice: opts.legacyDevice,
  activated: opts.activated,
  activationListen: opts.activation,
  networkTwins: opts.networkTwins,
  usbmuxdAutoPair: opts.usbmuxdAutoPair,
  log: opts.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
});

// One line, machine-readable: scripts wait for it and take the addresses from it.
process.stdout.write(
  `${JSON.stringify({ ready: true, usbmuxd: cart.usbmuxAddress, addresses: cart.addresses, control: cart.controlUrl, activation: cart.activationUrl, devices: cart.devices().length })}\n`,
);

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  cart.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
