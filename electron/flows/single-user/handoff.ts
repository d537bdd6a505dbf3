import { FlowError } from '../errors.js';

/**
 * Single User Advanced is a registration (seeds 003, consideration #5): the device expects the
 * user it was registered to, so the station hands it only to that person.
 */
export function handoffRefusal(registeredUserId: string | null, presented: { id: string; name: string }): FlowError | null {
  if (registeredUserId === null) {
    return new FlowError('CONFLICT', 'This device is not registered to anyone, so there is nothing to hand over.', 'Register it first: cartwright assign UDID --user USER (or stage it with --flow single-user-advanced).');
  }
  if (registeredUserId !== presented.id) {
    return new FlowError(
      'UNAUTHORIZED',
      `This device is registered to another person; it cannot be handed to ${presented.name}.`,
      'Hand it only to the person it was registered to (they identify with their badge or username and PIN), or register it again.',
    );
  }
  return null;
}
