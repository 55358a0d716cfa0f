import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // One worker per core (vitest's default leaves one idle: on 2 cores the suite ran on one, 147 s vs 86 s).
    maxWorkers: '100%',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Real servers the suites share, started once per run: Azurite, and the TLS material the
    // simulated Azure serves with (trusted by every worker through NODE_EXTRA_CA_CERTS); and the
    // bundles, built once, that the command-line tests run.
    globalSetup: ['test/support/tls-setup.ts', 'test/support/azurite-setup.ts', 'test/support/build-setup.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
