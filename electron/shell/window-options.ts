import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface WindowSpec {
  /** Absolute path of the bundled preload (a sandboxed preload must be one file). */
  preload: string;
  kiosk?: boolean;
  title?: string;
  dark?: boolean;
  /** Developer tools (never in kiosk mode, never in a packaged build unless asked). */
  devTools?: boolean;
}

/** The one set of web preferences every window gets; nothing else creates a window. */
export function secureWebPreferences(spec: Pick<WindowSpec, 'preload' | 'kiosk' | 'devTools'>): WebPreferences {
  return {
    preload: spec.preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: spec.kiosk ? false : (spec.devTools ?? false),
  };
}

export function buildWindowOptions(spec: WindowSpec): BrowserWindowConstructorOptions {
  const base: BrowserWindowConstructorOptions = {
    title: spec.title ?? 'Cartwright',
    width: 1440,
    height: 920,
    minWidth: 960,
    minHeight: 640,
    // Shown on ready-to-show, so nobody sees a white flash at the cart.
    show: false,
    backgroundColor: spec.dark ? '#1a1b1e' : '#f8f9fa',
    webPreferences: secureWebPreferences(spec),
  };
  if (!spec.kiosk) return base;
  return {
    ...base,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    frame: false,
    closable: false,
    minimizable: false,
    maximizable: false,
    resizable: false,
    movable: false,
  };
}
