// The sandboxed preload: bundled into one CommonJS file (vite build --mode preload), because a
// sandboxed preload can require only `electron` and nothing relative.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge.js';

contextBridge.exposeInMainWorld('cartwright', buildBridge(ipcRenderer));
