import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** In-repo packages resolve to their TypeScript sources (published builds use dist/). */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@motcua\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2/index.ts` },
      { find: /^@motcua\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
    ],
  },
  test: {
    projects,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
