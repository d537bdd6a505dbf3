import { errorInfo } from '../staging/error-info.js';
import type { JsonValue } from '../store/json.js';
import type { Store } from '../store/index.js';

/**
 * Runs an admin command that works on the store directly (not through the station's handlers) and
 * files it in the audit log either way: `<action>` with what changed, or `<action>.failed` with
 * why, before the error goes on to the person.
 */
export async function auditedAdmin<T>(store: Store, action: string, work: () => Promise<T> | T, describe: (result: T) => Record<string, JsonValue>, aimedAt: Record<string, JsonValue> = {}): Promise<T> {
  const actor = process.env.USER ?? 'cli';
  let result: T;
  try {
    result = await work();
  } catch (e) {
    const info = errorInfo(e);
    store.audit.append({ actor, source: 'cli', action: `${action}.failed`, details: { ...aimedAt, code: info.code, message: info.message } });
    throw e;
  }
  store.audit.append({ actor, source: 'cli', action, details: { ...aimedAt, ...describe(result) } });
  return result;
}
