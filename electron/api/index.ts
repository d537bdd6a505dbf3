// The one contract of the station: every host (Electron IPC, HTTP/WebSocket, CLI) and the renderer
// speak these schemas. Nothing here may import Node or Electron: the sandboxed renderer uses it too.
export * from './errors.js';
export * from './device.js';
export * from './remedies.js';
