// The one contract of the station: every host (Electron IPC, HTTP/WebSocket, CLI) and the renderer
// speak these schemas. Nothing here may import Node or Electron: the sandboxed renderer uses it too.
// Each schema is built on first use (lazy-schema.ts), so loading the contract costs next to nothing.
export * from './errors.js';
export * from './remedies.js';
export * from './activation-state.js';
export * from './device.js';
export type * from './tile-inputs.js';
export * from './staging.js';
export * from './cart.js';
export * from './audit.js';
export * from './commands.js';
export * from './events.js';
export type * from './station-handlers.js';
export type * from './request-context.js';
export * from './kiosk.js';
export * from './kiosk-view.js';
export * from './flows.js';
export * from './admin.js';
export * from './hosted.js';
export * from './bridge.js';
export * from './error-normalize.js';
export * from './dispatch.js';
export * from './csv.js';
export * from './batch-summary.js';
