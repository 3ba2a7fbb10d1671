import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: '/work/main',
  test: { include: ['tmp-loop-explore/' + (process.env.T ?? 'run') + '.test.ts'], testTimeout: 600_000, pool: 'forks' },
});
