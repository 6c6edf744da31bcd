import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources, so tests never run a stale dist/.
  // The condition name is our own: some dependencies (eventsource-parser) ship a `source`
  // condition pointing at raw TypeScript. Vitest resolves test imports through SSR.
  resolve: { conditions: ['switchboard-source'] },
  ssr: { resolve: { conditions: ['switchboard-source'], externalConditions: ['switchboard-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two cores: e2e tests spawn many processes of their own.
    maxWorkers: 2,
  },
});
