// The staging flows' decisions (seeds 003): who may take what, which device, what a departure means.
// Each flow keeps its decisions and its service together in its folder (directory/, multi-user/,
// single-user/, return/, user-enrollment/); station-flows.ts composes the services for the station.
export { FlowError } from './errors.js';
export { identifyCredential, findUserRef, displayUser, UNKNOWN_BADGE, type UserLookup, type PinCheck, type IdentifyOptions } from './directory/identify.js';
export { readiness, rankCandidates, nothingReadyReason, type PickCandidate, type Readiness } from './multi-user/pick.js';
export { checkOutRefusal, dueAt } from './multi-user/policy.js';
export { judgeDeparture, type Departure } from './multi-user/departure.js';
export { handoffRefusal } from './single-user/handoff.js';
export { flowGuidance } from './single-user/guidance.js';
export { enrollmentIdFor } from './user-enrollment/enrollment-id.js';
export { renderHandoffSheet, handoffCode, type HandoffSheetData } from './single-user/handoff-sheet.js';
