import type { ErrorCode } from './errors.js';

/**
 * The default next action for each error code, for errors that arrive without their own remedy.
 * Shown on tiles and in the CLI; the device layer's own sentence, when it has one, wins.
 */
export const DEFAULT_REMEDY: Record<ErrorCode, string> = {
  TRUST_PENDING: 'Unlock the device and tap Trust on its screen.',
  USER_DENIED: 'Someone tapped Don\'t Trust: unplug the device, plug it back in and tap Trust.',
  PASSCODE_LOCKED: 'Unlock the device with its passcode, then try again.',
  NOT_PAIRED: 'Pair the device again (cartwright pair UDID).',
  DEVICE_GONE: 'Plug the device back in: the job resumes where it stopped.',
  TIMEOUT: 'The device did not answer in time: check the cable and the hub port, then retry.',
  CLOUD_CONFIG_PRESENT: 'The device is already configured: allow erasing in the blueprint, or erase it first.',
  NOT_ACTIVATED: 'Activate the device (Setup Assistant over Wi-Fi, or Finder/iTunes), then plug it back in.',
  ACTIVATION_LOCKED: 'Activation Lock is on: have the owner remove it from their Apple Account, or release it from your MDM or Apple Business Manager.',
  ACTIVATION_SERVER_UNREACHABLE: 'Let the station reach albert.apple.com over HTTPS (port 443; check the proxy and firewall), or set CARTWRIGHT_ACTIVATION_URL, then retry.',
  ADE_ASSIGNED: 'This device is assigned to an MDM server in Apple Business Manager: stage it through Automated Device Enrollment instead.',
  SUPERVISED_ELSEWHERE: 'Another organization supervises this device: erase it (allow erasing in the blueprint) or release it from that organization.',
  NOT_SUPERVISED: 'Supervise the device first (run the Prepare blueprint).',
  USER_ENROLLMENT: 'Personally owned (User Enrollment) devices cannot be supervised: leave them out of staging.',
  ESCALATION_REJECTED: 'The device is supervised with a different identity: use that organization\'s identity, or erase and prepare it again.',
  PROFILE_REJECTED: 'Check the profile with cartwright profile inspect FILE, fix it and try again.',
  SUPERVISOR_CHALLENGE: 'The device only pairs with its supervising organization: use that organization\'s supervision identity.',
  PAIRING_PROHIBITED: 'The device forbids pairing with other computers: pair it from its supervising station, or erase it.',
  DEVICE_REFUSED: 'The device refused the request: check its state on the Device screen and retry.',
  USBMUXD_UNAVAILABLE: 'usbmuxd is not running: run cartwright doctor for the remedy on this system.',
  ADDON_MISSING: 'The native addon is not built: install libimobiledevice and run npm run build:native.',
  PROTOCOL: 'The device answered something unexpected: unplug it, plug it back in and retry.',
  LIBRARY: 'libimobiledevice failed: run cartwright doctor and retry.',
  INVALID_INPUT: 'Correct the input and try again.',
  NOT_FOUND: 'Check the name or identifier and try again.',
  CONFLICT: 'Reload and try again.',
  STATION_LOCKED: 'Another Cartwright station is using this data directory: stop it, or use --data-dir.',
  MDM_UNAVAILABLE: 'The MDM cannot be reached: changes are queued and sent when it is back.',
  MDM_REJECTED: 'The MDM refused the request: see the dead-letter list for its answer.',
  NOT_SUPPORTED: 'This MDM cannot do that; do it in the MDM console.',
  UNAUTHORIZED: 'Sign in again or check the access token.',
  RATE_LIMITED: 'Wait until the time shown, or ask an administrator to unlock the account (cartwright users unlock USER).',
  INTERNAL: 'Something went wrong in the station: retry, and send the log to support if it happens again.',
};
