import type { StepOf, StepSpec, StepType, Blueprint } from '../blueprint.js';
import type { DeviceFacts, DevicePort, FactsPart, SupervisorIdentity } from '../device-port.js';

/** Everything a step may use while it runs on one device. */
export interface StepContext {
  readonly udid: string;
  readonly jobId: string;
  readonly blueprint: Blueprint;
  readonly device: DevicePort;
  readonly identity: SupervisorIdentity | null;
  readonly signal: AbortSignal;
  /** Facts for name templates and reports. */
  readonly slot: number | null;
  readonly n: number;
  readonly user: string | null;
  /**
   * The device's facts, read once per step chain and cached (issue 14: each full read is four
   * requests). A step that changes the device keeps them true: `remember` what it knows it changed,
   * or `refresh(part)` what it must see the device's own answer for; `refresh()` reads them all.
   */
  facts(): Promise<DeviceFacts>;
  /** Reads the device: everything, or only `part` merged into the cached facts (all when none are cached). */
  refresh(part?: FactsPart): Promise<DeviceFacts>;
  /** What the step itself changed and the device confirmed (a name it read back, a silent install it acknowledged). */
  remember(changed: Partial<DeviceFacts>): void;
  /** Progress for the tile ("Waiting for Trust on the device in slot 4"); `waiting` says a person must act. */
  progress(text: string, waiting?: 'trust'): void;
  /** Reads a profile's top-level identifier and UUID (provided by electron/profiles). */
  inspectProfile(bytes: Buffer): { identifier: string; uuid: string; displayName: string | null; isMdm: boolean };
  /** The station's stored MDM enrollment profile, if one was imported. */
  storedEnrollmentProfile(): Promise<Buffer | null>;
  /**
   * Queue a state-changing MDM call, exactly once per key. The outbox insert commits on its own,
   * before the step is journaled as done (a step is async, so no transaction spans both). After a
   * crash in between, the resumed step finds its key with `hasMdmMessage`, and queueing the same
   * key again is a no-op anyway (outbox-repo.ts).
   */
  enqueueMdm(kind: string, payload: Record<string, unknown>, idempotencyKey: string): void;
  hasMdmMessage(idempotencyKey: string): boolean;
  /** Whether an earlier step of this job ran (not merely found the device already done). */
  stepRan(type: StepType): boolean;
}

/** A step checks the device before acting: `isDone` true means "already as this step would leave it". */
export interface StepDefinition<T extends StepType> {
  readonly type: T;
  readonly title: string;
  isDone?(spec: StepOf<T>, ctx: StepContext): Promise<boolean>;
  run(spec: StepOf<T>, ctx: StepContext): Promise<Record<string, unknown> | void>;
}

export type AnyStepDefinition = { [T in StepType]: StepDefinition<T> }[StepType];
export type StepSpecOf = StepSpec;
