// The staging flows' decisions (seeds 003): who may take what, which device, what a departure means.
export { FlowError } from './errors.js';
export { identifyCredential, findUserRef, displayUser, UNKNOWN_BADGE, type UserLookup, type PinCheck, type IdentifyOptions } from './identify.js';
export { readiness, rankCandidates, nothingReadyReason, type PickCandidate, type Readiness } from './pick.js';
export { checkOutRefusal, dueAt } from './policy.js';
export { judgeDeparture, type Departure } from './departure.js';
export { handoffRefusal } from './handoff.js';
export { flowGuidance } from './guidance.js';
export { enrollmentIdFor } from './enrollment-id.js';
export { renderHandoffSheet, handoffCode, type HandoffSheetData } from './handoff-sheet.js';
