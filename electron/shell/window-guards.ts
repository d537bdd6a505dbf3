/** The parts of WebContents the guards use, so they can be exercised without Electron. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: { preventDefault(): void; url?: string }, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/**
 * Every window: no navigation away (the screens route inside the page), no new windows, no
 * webviews. The page never opens links in a browser either: nothing it says reaches openExternal.
 */
export function guardContents(contents: GuardedContents, options: { kiosk: () => boolean; log?: (line: string) => void }): void {
  const refuse = (what: string) => (event: { preventDefault(): void }, url?: string) => {
    event.preventDefault();
    options.log?.(`refused ${what}${url ? ` to ${safeUrl(url)}` : ''}`);
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.on('will-frame-navigate', refuse('frame navigation'));
  contents.on('will-attach-webview', refuse('webview'));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('before-input-event', (event, input) => {
    if (options.kiosk() && isKioskBlockedKey(input)) event.preventDefault();
  });
}

/** Shortcuts that would reload, close, zoom, print or open tools: none of them in a kiosk. */
export function isKioskBlockedKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (/^f(5|11|12)$/.test(key)) return true;
  const mod = input.control || input.meta;
  if (mod && ['r', 'w', 'q', 'n', 't', 'p', 's', 'o', '+', '-', '=', '0'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c'].includes(key)) return true;
  if (input.alt && key === 'f4') return true;
  return false;
}

function safeUrl(url: string): string {
  // Only scheme and host: a query could carry anything.
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid url)';
  }
}
