import { ApiError, HostInfo, type StationEvent } from '../../../electron/api/index.js';
import { tokenProtocol } from './token';
import { StationCallError, type ConnectionStatus, type Transport } from './transport';

const RECONNECT_MS = [500, 1000, 2000, 5000];

/** A browser (kiosk, second screen, tests): HTTP for commands, one WebSocket for events, both to our own origin. */
export function webTransport(token: string | null): Transport {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;

  async function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), cache: 'no-store' });
    } catch {
      throw new StationCallError({ code: 'INTERNAL', message: 'The station cannot be reached.', remedy: 'Check that the station is running and this screen is on its network.' });
    }
    const data: unknown = await res.json().catch(() => null);
    if (res.ok) return data;
    const parsed = ApiError.safeParse((data as { error?: unknown } | null)?.error);
    throw new StationCallError(parsed.success ? parsed.data : { code: 'INTERNAL', message: `The station answered ${res.status}.` });
  }

  return {
    kind: 'web',
    call: async (name, input) => (await request('POST', `api/${name}`, input ?? {})) as never,
    subscribe(listener, onStatus) {
      let socket: WebSocket | null = null;
      let attempt = 0;
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const open = (): void => {
        onStatus('connecting');
        const url = new URL('api/events', window.location.href);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        socket = new WebSocket(url, token ? ['cartwright.v1', tokenProtocol(token)] : ['cartwright.v1']);
        socket.onopen = () => {
          attempt = 0;
          onStatus('open');
        };
        socket.onmessage = (m) => {
          try {
            listener(JSON.parse(String(m.data)) as StationEvent);
          } catch {
            // a malformed frame is dropped; the next snapshot corrects the screen
          }
        };
        socket.onclose = () => {
          socket = null;
          if (stopped) return;
          onStatus('closed');
          timer = setTimeout(open, RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]);
        };
      };
      open();
      return () => {
        stopped = true;
        clearTimeout(timer);
        socket?.close();
      };
    },
    hostInfo: async () => HostInfo.parse(await request('GET', 'api/host')),
    exitKiosk: async () => false,
    enterKiosk: async () => false,
    setKioskPin: async () => {
      throw new StationCallError({ code: 'NOT_SUPPORTED', message: 'The admin PIN is set on the station’s own screen.' });
    },
  };
}

export type { ConnectionStatus };
