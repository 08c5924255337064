import { defineConfig } from 'vitest/config';

/**
 * Two groups: everything else runs in parallel first; then the load tests (hundreds of voters
 * against a host process that is killed and restarted, thousands of hostile requests) run one
 * at a time on a machine they have to themselves, so their bounded waits measure the host and
 * not the other tests.
 */
const LOAD = ['tests/integration/voter-durability.test.ts', 'tests/integration/voter-hostile.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'core', include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'], exclude: LOAD, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'load', include: LOAD, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
