import type { StationHandlers } from '../api/station-handlers.js';
import type { CommandName } from '../api/commands.js';
import type { KioskCredential } from '../api/kiosk.js';
import { displayUser, flowGuidance } from '../flows/index.js';
import type { User } from '../store/repos/users-repo.js';
import { stationActor, type Actor } from '../flows/common.js';
import type { KioskGuard } from './kiosk-guard.js';
import { currentRequestContext } from './request-scope.js';
import type { StationServices } from './services.js';

type FlowCommand = Extract<CommandName, `flows.${string}` | `kiosk.${string}` | 'users.search'>;
export type FlowHandlers = Pick<StationHandlers, FlowCommand>;

const kioskActor = (user: User): Actor => ({ actor: user.username ?? user.id, source: 'kiosk' });

/** The flow and kiosk commands of the station API; `guard` is the station's one kiosk guard (handlers.ts). */
export function flowHandlers(station: StationServices, guard: KioskGuard): FlowHandlers {
  const f = () => station.flows;
  const who = async (input: { user: string } | { credential: KioskCredential }): Promise<{ user: User; actor: Actor }> => {
    if ('credential' in input) {
      const user = await kioskIdentify(input.credential);
      return { user, actor: kioskActor(user) };
    }
    return { user: await f().directory.resolve(input.user), actor: stationActor(station) };
  };
  // Paced and locked out per person and per client; refusals are audited once per burst (kiosk-guard.ts).
  // The client is the request's, from the scope every station handler runs in (request-scope.ts).
  const kioskIdentify = (credential: KioskCredential): Promise<User> =>
    guard.identify(credential, currentRequestContext(), (beforePin) => f().directory.identify(credential, { badgeNeedsPin: f().settings().kioskBadgeNeedsPin, beforePin }));

  return {
    'kiosk.identify': async ({ credential }) => {
      const user = await kioskIdentify(credential);
      return { user: displayUser(user), holding: f().multi.heldBy(user.id), canCheckOut: f().multi.canCheckOut(user) };
    },
    'kiosk.checkOut': async ({ credential }) => {
      const user = await kioskIdentify(credential);
      const r = await f().multi.checkOut(user, { awaitPickup: true, who: kioskActor(user) });
      return { user: r.user, device: r.device, ...(r.pick ? { pickId: r.pick.pickId } : {}) };
    },
    'kiosk.checkIn': async ({ credential, udid }) => {
      const user = await kioskIdentify(credential);
      return { user: displayUser(user), device: f().multi.whereToReturn(user, udid, kioskActor(user)) };
    },
    'kiosk.pick': async ({ pickId }) => f().multi.pick(pickId),
    'flows.settings': async ({ change }) => (change && Object.keys(change).length ? f().changeSettings(change) : f().settings()),
    'users.search': async ({ query, limit }) => f().directory.search(query, limit),
    'flows.stage': async (input) => f().single.stage(input, stationActor(station)),
    'flows.guidance': async ({ flow, blueprint }) => {
      const bp = station.blueprint(blueprint);
      return { licensing: bp.appLicensing, guidance: flowGuidance(flow, bp) };
    },
    'flows.status': async ({ udid }) => f().status(udid),
    'flows.sync': async () => f().single.sync(),
    'flows.assign': async ({ udid, user }) => f().single.assign(udid, user, stationActor(station)),
    'flows.handoff': async (input) => {
      const { user, actor } = await who(input);
      return f().single.handoff(input.udid, user, actor);
    },
    'flows.handoffSheet': async ({ udid }) => {
      const { fileName, pdf } = await f().single.sheet(udid);
      return { fileName, pdfBase64: pdf.toString('base64') };
    },
    'flows.checkout': async (input) => {
      const { user, actor } = await who(input);
      return f().multi.checkOut(user, { awaitPickup: input.awaitPickup, who: actor });
    },
    'flows.pick': async ({ pickId }) => f().multi.pick(pickId),
    'flows.checkin': async ({ udid }) => f().multi.checkIn(udid, stationActor(station)),
    'flows.checkouts': async ({ states }) => f().multi.list(states),
    'flows.markLost': async ({ udid }) => f().multi.markLost(udid),
    'flows.unenroll': async ({ enrollmentId }) => ({ deleted: f().unenroll(enrollmentId) }),
  };
}
