import { z } from 'zod';
import { Rng } from './rng.js';

/** Faults that change how one request is answered. */
export const REQUEST_FAULTS = ['unplug', 'drop-tls', 'malformed-plist', 'truncated-plist', 'slow-reply', 'close'] as const;
/** Faults that put a device into a state (applied at once). */
export const STATE_FAULTS = ['activation-lock', 'ade-assigned', 'supervised-elsewhere', 'passcode-locked', 'user-enrollment'] as const;

export type RequestFaultKind = (typeof REQUEST_FAULTS)[number];
export type StateFaultKind = (typeof STATE_FAULTS)[number];

export const requestFaultSchema = z.object({
  kind: z.enum(REQUEST_FAULTS),
  /** Only this device; all devices when absent. */
  udid: z.string().optional(),
  /** Lockdown `Request`, MCInstall `RequestType`, diagnostics `Request` or mobileactivation `Command`. 'drop-tls' matches StartSession. */
  request: z.string().optional(),
  /** Fire on the n-th matching request (1 = the first). */
  after: z.number().int().positive().default(1),
  /** How many times to fire; 0 = every time from then on. */
  times: z.number().int().nonnegative().default(1),
  /** slow-reply: how long to hold the reply (default 40 s, beyond libimobiledevice's 30 s timeout). */
  delayMs: z.number().int().nonnegative().optional(),
});

export const randomFaultSchema = z.object({
  /** Probability (0–1) that any one request gets a fault. */
  rate: z.number().min(0).max(1),
  seed: z.union([z.number(), z.string()]).optional(),
  kinds: z.array(z.enum(REQUEST_FAULTS)).optional(),
  udid: z.string().optional(),
  delayMs: z.number().int().nonnegative().optional(),
});

export const stateFaultSchema = z.object({ kind: z.enum(STATE_FAULTS), udid: z.string() });

/** Body of POST /faults and argument of VirtualCart.setFault(): one of the three shapes, or `{clear:true}`. */
export const faultInputSchema = z.union([
  requestFaultSchema,
  stateFaultSchema,
  z.object({ random: randomFaultSchema }),
  z.object({ clear: z.literal(true) }),
]);

export type RequestFault = z.output<typeof requestFaultSchema>;
export type RandomFaults = z.output<typeof randomFaultSchema>;
export type FaultInput = z.input<typeof faultInputSchema>;

export interface FiredFault {
  kind: RequestFaultKind;
  delayMs: number;
}

const DEFAULT_SLOW_MS = 40_000;

export class FaultRegistry {
  private rules: { rule: RequestFault; seen: number; fired: number }[] = [];
  private random: { config: RandomFaults; rng: Rng } | null = null;

  addRule(rule: RequestFault): void {
    this.rules.push({ rule, seen: 0, fired: 0 });
  }

  setRandom(config: RandomFaults, defaultSeed: number | string): void {
    this.random = { config, rng: new Rng(`faults:${config.seed ?? defaultSeed}`) };
  }

  clear(): void {
    this.rules = [];
    this.random = null;
  }

  list(): { rules: RequestFault[]; random: RandomFaults | null } {
    return { rules: this.rules.map((r) => r.rule), random: this.random?.config ?? null };
  }

  /** Called once per device request; returns the fault to act out, if any. */
  match(udid: string, request: string): FiredFault | null {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.udid && rule.udid !== udid) continue;
      const wanted = rule.request ?? (rule.kind === 'drop-tls' ? 'StartSession' : undefined);
      if (wanted && wanted !== request) continue;
      entry.seen += 1;
      if (entry.seen < rule.after) continue;
      if (rule.times !== 0 && entry.fired >= rule.times) continue;
      entry.fired += 1;
      return { kind: rule.kind, delayMs: rule.delayMs ?? DEFAULT_SLOW_MS };
    }
    if (this.random) {
      const { config, rng } = this.random;
      if (config.udid && config.udid !== udid) return null;
      if (rng.chance(config.rate)) {
        const kinds = (config.kinds ?? ['close', 'malformed-plist', 'truncated-plist', 'slow-reply']).filter(
          (k) => k !== 'drop-tls' || request === 'StartSession',
        );
        if (kinds.length === 0) return null;
        return { kind: rng.pick(kinds), delayMs: config.delayMs ?? DEFAULT_SLOW_MS };
      }
    }
    return null;
  }
}
