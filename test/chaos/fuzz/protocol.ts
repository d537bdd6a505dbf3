/** Messages between the fuzz scenario and its worker process (one worker per target at a time). */
export interface StartMessage {
  type: 'start';
  target: string;
  seed: string;
  /** Case indexes [from, to). */
  from: number;
  to: number;
  tmp: string;
  cart?: { usbmuxd: string; control: string };
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'case'; i: number; kind: 'ok' | 'typed' | 'untyped'; code?: string; detail?: string; ms: number }
  | { type: 'done' }
  | { type: 'fatal'; detail: string };
