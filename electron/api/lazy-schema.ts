/**
 * A schema built the first time something uses it, not when its module loads.
 *
 * Why: zod builds a schema eagerly, each one costs microseconds and memory, and this contract
 * has about 1,300 of them; every host loads all of it, so a one-shot command such as
 * `cartwright devices --json` spent ~40 ms of its ~200 ms start (garbage collection included)
 * building schemas it never parsed with (it uses one). Wrapped, a schema costs one small object
 * until first use. Every schema constant in electron/api is wrapped (test/unit/api/lazy-schema.test.ts
 * checks that a new one is too).
 *
 * The value stands in for the schema everywhere (a Proxy that forwards every operation to it), so
 * its type, its methods, `instanceof`, and every parse result are the schema's own: the builder is
 * the same expression that used to run at load, run once, later. A schema built from other wrapped
 * schemas holds the stand-ins, which build theirs when first parsed with.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  // The target only satisfies the Proxy invariants: it stays empty and extensible, so every trap
  // may answer from the built schema (a non-configurable property of the schema, such as zod's
  // `_zod`, is reported configurable here, which an extensible empty target allows).
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(schema(), key),
    set: (_target, key, value) => Reflect.set(schema(), key, value),
    has: (_target, key) => Reflect.has(schema(), key),
    deleteProperty: (_target, key) => Reflect.deleteProperty(schema(), key),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
    setPrototypeOf: (_target, proto) => Reflect.setPrototypeOf(schema(), proto),
    // Kept extensible: a frozen or sealed target would contradict the answers above.
    isExtensible: () => true,
    preventExtensions: () => false,
  });
}
