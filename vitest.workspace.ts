/**
 * The one list of test projects. Vitest 4 no longer reads this file on its
 * own: `vitest.config.ts` imports it into `test.projects`.
 * Add a package or example here and its `test/**\/*.test.ts` files run in the
 * root `pnpm test`.
 */
import type { TestProjectInlineConfiguration } from 'vitest/config';

const project = (dir: string, extra: Record<string, unknown> = {}): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: dir.split('/').pop()!,
    root: dir,
    include: ['test/**/*.test.ts'],
    ...extra,
  },
});

export default [
  project('packages/calendar'),
  project('packages/core'),
  project('packages/store-sqlite'),
  project('packages/store-postgres', { globalSetup: ['../../scripts/postgres-global-setup.ts'] }),
  project('packages/projections'),
  project('packages/portal'),
  project('examples/lifecycle'),
  project('examples/one-stop-desk'),
  project('examples/province-simulation'),
  project('examples/postgres'),
  project('examples/national'),
] satisfies TestProjectInlineConfiguration[];
