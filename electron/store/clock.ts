/**
 * Every timestamp the store writes comes from a Clock, so tests can drive due times, overdue
 * check-outs and outbox back-off without sleeping.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * Timestamps are stored as ISO 8601 UTC text with milliseconds: readable in a SQLite shell and in
 * exports, and — because the format is fixed-width — they sort and compare correctly as strings.
 */
export function iso(date: Date): string {
  return date.toISOString();
}

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}
