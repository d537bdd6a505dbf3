import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StationEvent } from '../../../electron/api/index.js';
import { eventLink, type SocketHandlers } from '../../../renderer/src/transport/event-link.js';
import type { ConnectionStatus } from '../../../renderer/src/transport/transport.js';

/** The WebSocket seam: each socket the link opens, with the handlers it gave and whether it was closed. */
function sockets() {
  const opened: { handlers: SocketHandlers; closed: boolean }[] = [];
  const open = (handlers: SocketHandlers) => {
    const s = { handlers, closed: false };
    opened.push(s);
    return { close: () => void (s.closed = true) };
  };
  const last = () => opened.at(-1)!;
  const send = (event: StationEvent) => last().handlers.onMessage(JSON.stringify(event));
  return { opened, open, last, send };
}

function follower() {
  const events: StationEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  return { events, statuses, listener: (e: StationEvent) => events.push(e), onStatus: (s: ConnectionStatus) => statuses.push(s) };
}

const removed = (udid: string): StationEvent => ({ type: 'device-removed', udid });

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('one WebSocket per page for the station’s events', () => {
  it('opens one socket for every subscriber and fans each event out to all of them', () => {
    const s = sockets();
    const subscribe = eventLink({ open: s.open });
    const store = follower();
    const pick = follower();
    subscribe(store.listener, store.onStatus);
    subscribe(pick.listener, pick.onStatus);
    expect(s.opened).toHaveLength(1);
    s.last().handlers.onOpen();
    s.send(removed('A'));
    expect(store.events).toEqual([removed('A')]);
    expect(pick.events).toEqual([removed('A')]);
    expect(store.statuses).toEqual(['connecting', 'open']);
    // The second subscriber joined a connecting link and heard it open with the first.
    expect(pick.statuses).toEqual(['connecting', 'open']);
  });

  it('tells a subscriber joining an open link at once, so it loads its snapshot', () => {
    const s = sockets();
    const subscribe = eventLink({ open: s.open });
    subscribe(() => undefined, () => undefined);
    s.last().handlers.onOpen();
    const late = follower();
    subscribe(late.listener, late.onStatus);
    expect(late.statuses).toEqual(['open']);
    expect(s.opened).toHaveLength(1);
  });

  it('reconnects a dropped link with back-off, for everyone, and resets the back-off once open', () => {
    const s = sockets();
    const subscribe = eventLink({ open: s.open, backoffMs: [500, 1000] });
    const a = follower();
    const b = follower();
    subscribe(a.listener, a.onStatus);
    subscribe(b.listener, b.onStatus);
    s.last().handlers.onOpen();
    s.last().handlers.onClose();
    expect(a.statuses.at(-1)).toBe('closed');
    vi.advanceTimersByTime(499);
    expect(s.opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(s.opened).toHaveLength(2);
    s.last().handlers.onClose();
    vi.advanceTimersByTime(999);
    expect(s.opened).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(s.opened).toHaveLength(3);
    s.last().handlers.onOpen();
    s.send(removed('B'));
    expect(b.events).toEqual([removed('B')]);
    expect(b.statuses).toEqual(['connecting', 'open', 'closed', 'connecting', 'closed', 'connecting', 'open']);
    s.last().handlers.onClose();
    vi.advanceTimersByTime(500);
    expect(s.opened).toHaveLength(4);
  });

  it('closes the socket when the last subscriber leaves, and never reconnects it', () => {
    const s = sockets();
    const subscribe = eventLink({ open: s.open });
    const offA = subscribe(() => undefined, () => undefined);
    const offB = subscribe(() => undefined, () => undefined);
    s.last().handlers.onOpen();
    offA();
    expect(s.last().closed).toBe(false);
    offB();
    offB();
    expect(s.last().closed).toBe(true);
    // The browser reports the close afterwards: it is ours, not a dropped link.
    s.last().handlers.onClose();
    vi.advanceTimersByTime(60_000);
    expect(s.opened).toHaveLength(1);
    // A new subscriber opens a fresh socket; the old one's late frames go nowhere.
    const next = follower();
    subscribe(next.listener, next.onStatus);
    expect(s.opened).toHaveLength(2);
    s.opened[0]!.handlers.onMessage(JSON.stringify(removed('OLD')));
    expect(next.events).toEqual([]);
  });

  it('stops a pending reconnect when everyone leaves while the link is down', () => {
    const s = sockets();
    const subscribe = eventLink({ open: s.open });
    const off = subscribe(() => undefined, () => undefined);
    s.last().handlers.onClose();
    off();
    vi.advanceTimersByTime(60_000);
    expect(s.opened).toHaveLength(1);
  });

  it('drops a malformed frame and keeps delivering when one subscriber throws', () => {
    const s = sockets();
    const subscribe = eventLink({ open: s.open });
    const ok = follower();
    subscribe(() => {
      throw new Error('a broken screen');
    }, () => undefined);
    subscribe(ok.listener, ok.onStatus);
    s.last().handlers.onOpen();
    s.last().handlers.onMessage('{not json');
    s.send(removed('C'));
    expect(ok.events).toEqual([removed('C')]);
  });
});
