/**
 * Name templates are rendered in the contract (electron/api/name-template.ts) so the renderer's
 * live preview names a device exactly as the rename step will.
 */
export * from '../api/name-template.js';
