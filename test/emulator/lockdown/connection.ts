import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { asString, type PlistDict } from '../plist-codec.js';
import { sendReply } from '../services/framed.js';
import { readFrames, type FrameReader } from './framing.js';
import { handlePair, handleUnpair, handleValidatePair } from './pairing.js';
import { activate, deactivate, getValue, removeValue, setValue, startService } from './requests.js';
import { startTlsServer } from './tls.js';

interface Outcome {
  reply: PlistDict;
  then?: 'tls' | 'close';
}

/**
 * How the host reached lockdownd. Over a Wi-Fi twin (usbmuxd Connect to a Network entry) a real
 * device refuses Pair with PairingProhibitedOverThisConnection (libimobiledevice 1.3.0
 * src/lockdown.c error table, LOCKDOWN_E_PAIRING_PROHIBITED_OVER_THIS_CONNECTION); the rest works
 * with an existing pair record. `tunnels` is where the TLS stream is registered, so a USB unplug
 * does not cut a Wi-Fi session.
 */
export interface LockdownLink {
  network: boolean;
  tunnels: Set<Duplex>;
}

/**
 * One lockdownd connection (device port 62078): plaintext until StartSession, then TLS
 * (docs/device-protocols.md §3).
 */
export function serveLockdown(raw: Duplex, device: VirtualDevice, ctx: CartContext, link?: LockdownLink): void {
  const tunnels = link?.tunnels ?? device.tunnels;
  let stream: Duplex = raw;
  let session: { id: string; hostId: string } | null = null;
  let reader: FrameReader;

  const onError = (error: Error): void => {
    ctx.log(device.udid, `lockdown: ${error.message}`);
    raw.destroy();
  };

  const handle = async (request: PlistDict): Promise<Outcome> => {
    const verb = asString(request.Request) ?? '';
    const inSession = session !== null;
    switch (verb) {
      case 'QueryType':
        return { reply: { Request: 'QueryType', Type: 'com.apple.mobile.lockdown' } };
      case 'GetValue':
        return { reply: await getValue(device, ctx, request, inSession) };
      case 'SetValue':
        return { reply: setValue(device, ctx, request, inSession) };
      case 'RemoveValue':
        return { reply: removeValue(device, request, inSession) };
      case 'Pair':
        if (link?.network) return { reply: { Request: 'Pair', Error: 'PairingProhibitedOverThisConnection' } };
        return { reply: await handlePair(device, ctx, request) };
      case 'ValidatePair':
        return { reply: handleValidatePair(device, request) };
      case 'Unpair':
        return { reply: handleUnpair(device, ctx, request) };
      case 'StartSession':
        return startSession(request);
      case 'StopSession':
        if (!session) return { reply: { Request: 'StopSession', Error: 'NoRunningSession' } };
        session = null;
        // pymobiledevice3 insists on Result: Success here (§3.8); libimobiledevice accepts it.
        return { reply: { Request: 'StopSession', Result: 'Success' } };
      case 'StartService': {
        const reply = startService(device, request, inSession);
        if (typeof reply.Port === 'number' && typeof reply.Service === 'string') ctx.protocolCounters.serviceStart(device.udid, reply.Service);
        return { reply };
      }
      case 'Activate':
        return { reply: activate(device, ctx, request, inSession) };
      case 'Deactivate':
        return { reply: deactivate(device, ctx, inSession) };
      case 'EnterRecovery':
        setTimeout(() => ctx.reboot(device, 'restart'), 20).unref();
        return { reply: { Request: 'EnterRecovery' }, then: 'close' };
      case 'Goodbye':
        return { reply: { Request: 'Goodbye' }, then: 'close' };
      default:
        return { reply: { Request: verb, Error: 'InvalidRequest' } };
    }
  };

  const startSession = (request: PlistDict): Outcome => {
    const hostId = asString(request.HostID);
    if (!hostId) return { reply: { Request: 'StartSession', Error: 'MissingHostID' } };
    if (session) return { reply: { Request: 'StartSession', Error: 'SessionActive' } };
    if (!device.pairings.has(hostId)) return { reply: { Request: 'StartSession', Error: 'InvalidHostID' } };
    session = { id: randomUUID().toUpperCase(), hostId };
    ctx.protocolCounters.lockdownSession(device.udid);
    return { reply: { Request: 'StartSession', SessionID: session.id, EnableSessionSSL: true }, then: 'tls' };
  };

  const upgrade = async (dropMidHandshake: boolean): Promise<void> => {
    const pairing = session ? device.pairings.get(session.hostId) : undefined;
    const leftover = reader.detach();
    if (!pairing) {
      raw.destroy();
      return;
    }
    if (dropMidHandshake) {
      // Let the ClientHello arrive, then vanish: the host sees a broken handshake.
      if (leftover.length > 0) raw.destroy();
      else raw.once('data', () => raw.destroy());
      raw.resume();
      return;
    }
    const keys = await ctx.keys.get(device.keyIndex);
    const tls = startTlsServer(
      raw,
      leftover,
      {
        devicePrivateKeyPem: keys.privateKeyPem,
        deviceCertificatePem: pairing.deviceCertificate,
        legacy: Number.parseInt(device.productVersion, 10) < 10,
        acceptedClientCertsPem: [pairing.rootCertificate, pairing.hostCertificate],
      },
      (why) => ctx.log(device.udid, `TLS client rejected: ${why}`),
    );
    tls.on('error', (error) => ctx.log(device.udid, `TLS: ${error.message}`));
    tls.once('secure', () => {
      device.lastTlsProtocol = tls.getProtocol();
      ctx.protocolCounters.tlsHandshake(device.udid);
      ctx.log(device.udid, `TLS up: ${device.lastTlsProtocol} ${tls.getCipher().name}`);
    });
    tls.on('end', () => tls.end());
    tunnels.add(tls);
    tls.once('close', () => tunnels.delete(tls));
    stream = tls;
    reader = readFrames(tls, onFrame, onError);
  };

  const onFrame = async (request: PlistDict): Promise<void> => {
    const verb = asString(request.Request) ?? 'Unknown';
    device.count(verb);
    ctx.protocolCounters.lockdownRequest(device.udid, verb, request.Domain, request.Key);
    ctx.log(device.udid, `lockdown ${verb}${request.Key ? ` ${String(request.Key)}` : ''}${session ? ' (tls)' : ''}`);
    const outcome = await handle(request);
    const fault = ctx.faults.match(device.udid, verb);
    const dropTls = fault?.kind === 'drop-tls' && outcome.then === 'tls';
    const delivered = await sendReply(stream, device, ctx, verb, outcome.reply, dropTls ? null : fault);
    if (!delivered) return;
    if (outcome.then === 'tls') await upgrade(dropTls);
    else if (outcome.then === 'close') stream.end();
  };

  reader = readFrames(raw, onFrame, onError);
}

