import { defineConfig } from 'vitest/config';

// The addon's device calls have their own threads (native/src/executor.h); fs and crypto in the
// tests (virtual carts' keys and TLS, stores) still share libuv's pool. Test workers inherit this.
process.env.UV_THREADPOOL_SIZE ??= '64';

// One run, several projects: unit tests are fast and parallel; integration and contract tests
// start real daemons (virtual cart, Prism) and get longer timeouts; e2e drives Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/emulator/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 90_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
