import { z } from 'zod';
import type { OutboxMessage } from '../store/index.js';
import type { MdmConnector } from './connector.js';
import { MdmError } from './errors.js';
import type { CallContext, CallOutcome } from './types.js';

/**
 * The outbox message kinds and their payloads. Each maps to exactly one connector call; the
 * staging engine's `device-staged` report is one of them. Payloads are checked on delivery, so a
 * message written by another version is dead-lettered with a reason instead of crashing the worker.
 */
const serial = z.string().trim().min(1);

export const MESSAGE_SCHEMAS = {
  'register-device': z.object({ serial, imei: z.string().nullish(), userId: z.string().min(1), friendlyName: z.string().nullish() }),
  checkout: z.object({ serial, userId: z.string().min(1) }),
  checkin: z.object({ serial }),
  wipe: z.object({ serial, wipe: z.enum(['enterprise', 'device']) }),
  move: z.object({ serial, group: z.string().min(1) }),
  // Switching on needs something for the lock screen; switching off (the device came back) does not.
  'lost-mode': z.discriminatedUnion('enabled', [
    z.object({ serial, enabled: z.literal(true), message: z.string().trim().min(1), phone: z.string().nullish(), footnote: z.string().nullish() }),
    z.object({ serial, enabled: z.literal(false) }),
  ]),
  'device-staged': z.looseObject({
    udid: z.string(),
    serial: z.string().nullish(),
    imei: z.string().nullish(),
    name: z.string().nullish(),
    model: z.string().nullish(),
    productVersion: z.string().nullish(),
    blueprint: z.string().nullish(),
    user: z.string().nullish(),
  }),
} as const;

export type MessageKind = keyof typeof MESSAGE_SCHEMAS;
export type MessagePayload<K extends MessageKind> = z.infer<(typeof MESSAGE_SCHEMAS)[K]>;

export function isMessageKind(kind: string): kind is MessageKind {
  return Object.hasOwn(MESSAGE_SCHEMAS, kind);
}

/** Delivers one outbox message through the connector. Throws MdmError on failure. */
export async function deliver(connector: MdmConnector, message: OutboxMessage, ctx: CallContext): Promise<CallOutcome> {
  const { kind } = message;
  if (!isMessageKind(kind)) throw new MdmError('INVALID_INPUT', `Unknown outbox message kind "${kind}"`, { retryable: false });
  const parsed = MESSAGE_SCHEMAS[kind].safeParse(message.payload);
  if (!parsed.success) throw new MdmError('INVALID_INPUT', `Outbox message ${message.id} (${kind}) has an invalid payload: ${parsed.error.issues[0]?.message ?? 'unreadable'}`, { retryable: false });
  switch (kind) {
    case 'register-device': {
      const p = parsed.data as MessagePayload<'register-device'>;
      return connector.registerDevice({ serial: p.serial, userId: p.userId, imei: p.imei ?? null, friendlyName: p.friendlyName ?? null }, ctx);
    }
    case 'checkout': {
      const p = parsed.data as MessagePayload<'checkout'>;
      return connector.checkOut({ serial: p.serial, userId: p.userId }, ctx);
    }
    case 'checkin':
      return connector.checkIn((parsed.data as MessagePayload<'checkin'>).serial, ctx);
    case 'wipe': {
      const p = parsed.data as MessagePayload<'wipe'>;
      return connector.wipe(p.serial, p.wipe, ctx);
    }
    case 'move': {
      const p = parsed.data as MessagePayload<'move'>;
      return connector.moveDevice(p.serial, p.group, ctx);
    }
    case 'lost-mode': {
      const p = parsed.data as MessagePayload<'lost-mode'>;
      return p.enabled ? connector.enableLostMode(p.serial, { message: p.message, phone: p.phone ?? null, footnote: p.footnote ?? null }, ctx) : connector.disableLostMode(p.serial, ctx);
    }
    case 'device-staged': {
      const p = parsed.data as MessagePayload<'device-staged'>;
      return connector.reportStaged(
        { udid: p.udid, serial: p.serial ?? null, imei: p.imei ?? null, name: p.name ?? null, model: p.model ?? null, productVersion: p.productVersion ?? null, blueprint: p.blueprint ?? null, user: p.user ?? null },
        ctx,
      );
    }
  }
}
