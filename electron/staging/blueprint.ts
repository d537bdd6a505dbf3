/**
 * The blueprint schema lives in the contract (electron/api/blueprint.ts) so the renderer validates
 * the form's result and the advanced JSON with the very schema the station saves with; staging
 * keeps importing it from here.
 */
export * from '../api/blueprint.js';
