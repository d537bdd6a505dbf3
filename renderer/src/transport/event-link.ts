import type { StationEvent } from '../../../electron/api/index.js';
import type { ConnectionStatus } from './transport.js';

/** What the link hears from one socket it opened. */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(): void;
}

export interface EventLinkOptions {
  /** Opens one socket to the station's event stream (the browser's WebSocket; a fake in tests). */
  open(handlers: SocketHandlers): { close(): void };
  /** Waits before each reconnect attempt; the last one repeats. */
  backoffMs?: readonly number[];
}

export type EventSubscribe = (listener: (event: StationEvent) => void, onStatus: (status: ConnectionStatus) => void) => () => void;

const RECONNECT_MS = [500, 1000, 2000, 5000];

interface Subscriber {
  listener: (event: StationEvent) => void;
  onStatus: (status: ConnectionStatus) => void;
}

/**
 * One socket per page for the station's events, however many parts of the page follow them (the
 * store, a kiosk pick…): the first subscriber opens it, every event and status change fans out to
 * all subscribers, a dropped link reconnects with back-off, and the last unsubscribe closes it. A
 * subscriber joining an open link hears 'open' at once, so it loads its snapshot as it would have.
 */
export function eventLink(options: EventLinkOptions): EventSubscribe {
  const backoff = options.backoffMs ?? RECONNECT_MS;
  const subscribers = new Set<Subscriber>();
  /** The attempt now in charge; a socket's late callbacks from an earlier attempt are ignored. */
  let current: symbol | null = null;
  let socket: { close(): void } | null = null;
  let status: ConnectionStatus = 'closed';
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tell = (each: (s: Subscriber) => void): void => {
    for (const s of [...subscribers]) {
      try {
        each(s);
      } catch {
        // one subscriber's failure does not keep the event from the others
      }
    }
  };
  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    tell((s) => s.onStatus(next));
  };

  const connect = (): void => {
    const mine = Symbol('socket');
    timer = undefined;
    current = mine;
    setStatus('connecting');
    // The last subscriber may have left while hearing 'connecting'.
    if (current !== mine) return;
    const opened = options.open({
      onOpen: () => {
        if (current !== mine) return;
        attempt = 0;
        setStatus('open');
      },
      onMessage: (data) => {
        if (current !== mine) return;
        let event: StationEvent;
        try {
          event = JSON.parse(String(data)) as StationEvent;
        } catch {
          return; // a malformed frame is dropped; the next snapshot corrects the screen
        }
        tell((s) => s.listener(event));
      },
      onClose: () => {
        // A socket closed on purpose (the last subscriber left) is not reconnected.
        if (current !== mine) return;
        current = null;
        socket = null;
        setStatus('closed');
        timer = setTimeout(connect, backoff[Math.min(attempt++, backoff.length - 1)]);
      },
    });
    if (current === mine) socket = opened;
  };

  return (listener, onStatus) => {
    const subscriber: Subscriber = { listener, onStatus };
    subscribers.add(subscriber);
    if (current === null && timer === undefined) connect();
    else onStatus(status);
    return () => {
      if (!subscribers.delete(subscriber) || subscribers.size > 0) return;
      clearTimeout(timer);
      timer = undefined;
      current = null;
      const closing = socket;
      socket = null;
      status = 'closed';
      attempt = 0;
      closing?.close();
    };
  };
}
