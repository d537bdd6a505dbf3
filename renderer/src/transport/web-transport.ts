import { ApiError, HostInfo } from '../../../electron/api/index.js';
import { eventLink } from './event-link';
import { tokenProtocol } from './token';
import { StationCallError, type ConnectionStatus, type Transport } from './transport';

/** A browser (kiosk, second screen, tests): HTTP for commands, one WebSocket per page for events, both to our own origin. */
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

  // One WebSocket for the whole page, shared by every subscriber (event-link.ts).
  const events = eventLink({
    open: (handlers) => {
      const url = new URL('api/events', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const socket = new WebSocket(url, token ? ['cartwright.v1', tokenProtocol(token)] : ['cartwright.v1']);
      socket.onopen = () => handlers.onOpen();
      socket.onmessage = (m) => handlers.onMessage(m.data);
      socket.onclose = () => handlers.onClose();
      return socket;
    },
  });

  return {
    kind: 'web',
    call: async (name, input) => (await request('POST', `api/${name}`, input ?? {})) as never,
    subscribe: events,
    hostInfo: async () => HostInfo.parse(await request('GET', 'api/host')),
    exitKiosk: async () => false,
    enterKiosk: async () => false,
    setKioskPin: async () => {
      throw new StationCallError({ code: 'NOT_SUPPORTED', message: 'The admin PIN is set on the station’s own screen.' });
    },
  };
}

export type { ConnectionStatus };
