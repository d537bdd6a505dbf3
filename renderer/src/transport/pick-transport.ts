import type { CartwrightBridge } from '../../../electron/api/index.js';
import { bridgeTransport } from './bridge-transport';
import { takeAccessToken } from './token';
import type { Transport } from './transport';
import { webTransport } from './web-transport';

declare global {
  interface Window {
    /** Present only inside the Electron shell (its preload). */
    cartwright?: CartwrightBridge;
  }
}

/** The preload bridge when we run inside the shell, else HTTP + WebSocket to the page's own origin. */
export function pickTransport(): Transport {
  return window.cartwright ? bridgeTransport(window.cartwright) : webTransport(takeAccessToken());
}
