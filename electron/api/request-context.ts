/**
 * Who is asking, for one command from a host: where it came from and, over HTTP, from which client
 * and session. The hosts build it per request (electron/server/api-route.ts); dispatchCommand hands
 * it to the station's handler as its second argument, and the station files it with every audit
 * entry the command writes. Types only: the renderer imports this package too.
 */
export interface RequestContext {
  /** The host: 'api' (HTTP), 'kiosk' (HTTP in kiosk mode), 'screen' (the Electron shell), 'cli'. */
  source: 'api' | 'kiosk' | 'screen' | 'cli';
  /** The client's IP address as the socket saw it (no proxy headers are trusted). */
  address?: string;
  /** The client's User-Agent header, cut to 200 characters. */
  userAgent?: string;
  /**
   * A public reference to the credential used: a session's `ref` (never its secret id), 'token'
   * for the access token in a header, 'none' on a tokenless server.
   */
  session?: string;
}
