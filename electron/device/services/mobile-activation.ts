/**
 * com.apple.mobileactivationd (docs/device-protocols.md §5.5): binary-plist commands. Callers open
 * one client per command, as pymobiledevice3 does (pymobiledevice3/services/mobile_activation.py
 * send_command starts the service afresh for each request) and go-ios does (ios/mobileactivation/
 * activation.go Activate opens a new connection for each of its three commands), so this client is
 * not `reusable` in a device's connection pool. The activation workflow that drives it
 * is in activation.ts.
 */
import { z } from 'zod';
import type { DeviceContext } from '../context.js';
import { parseReply } from '../plist.js';
import type { DeviceService } from './device-service.js';
import { PlistServiceConnection } from './service-connection.js';

export const ACTIVATION_SERVICE_NAME = 'com.apple.mobileactivationd';

const stateReply = z.object({ Value: z.string() }).loose();
const commandReply = z.union([z.object({ Error: z.string() }).loose(), z.object({ Value: z.unknown() }).loose()]);

/** A command's answer: its Value, or the device's refusal text. */
export type MobileActivationAnswer = { value: unknown } | { error: string };

export class MobileActivation implements DeviceService {
  static readonly serviceName = ACTIVATION_SERVICE_NAME;

  private constructor(private readonly conn: PlistServiceConnection) {}

  static async open(ctx: DeviceContext, udid: string): Promise<MobileActivation> {
    return new MobileActivation(await PlistServiceConnection.open(ctx, udid, MobileActivation.serviceName));
  }

  get udid(): string {
    return this.conn.udid;
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  async activationState(): Promise<string> {
    const raw = await this.conn.request({ Command: 'GetActivationStateRequest' }, { binary: true });
    return parseReply(stateReply, raw, { udid: this.udid, what: 'mobileactivation reply' }).Value;
  }

  async command(body: Record<string, unknown>): Promise<MobileActivationAnswer> {
    const raw = await this.conn.request(body, { binary: true });
    const reply = parseReply(commandReply, raw, { udid: this.udid, what: 'mobileactivation reply' });
    if ('Error' in reply && typeof reply.Error === 'string') return { error: reply.Error };
    return { value: (reply as { Value: unknown }).Value };
  }
}
