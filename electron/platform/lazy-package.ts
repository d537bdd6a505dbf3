import { createRequire } from 'node:module';

// Not named `require`: in the CLI bundle's CommonJS chunks that name is the chunk's own require().
const requirePackage = createRequire(import.meta.url);

/**
 * A CommonJS package that loads on its first use instead of when the importing module loads. The
 * X.509 and PKCS#12 stack (pkijs, asn1js, node-forge: 1.5 MB of JavaScript and ~40 ms of every
 * start) and the CSV reader are needed only by the work that signs, imports, pairs or reads a CSV;
 * `cartwright devices` and the server's start should not pay for them (issue 14). Synchronous, so the APIs that use these packages
 * stay synchronous; the CLI bundle leaves the packages external, and every user of one goes
 * through this loader so there is one copy of its classes (asn1js values are checked with
 * instanceof).
 *
 * Top-level code must not touch the returned namespace (that would load the package at import
 * again): reach for it inside functions.
 */
export function lazyPackage<T extends object>(name: string): T {
  let loaded: T | undefined;
  const load = (): T => (loaded ??= requirePackage(name) as T);
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(load(), key),
    has: (_target, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      // A proxy may not report a property as non-configurable unless its target has it so.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
