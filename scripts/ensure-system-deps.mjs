#!/usr/bin/env node
// Makes sure the system programs the test suite needs are present, installing
// them from Debian's packages when running as root (a fresh CI machine):
//  - the PostgreSQL server (initdb, pg_ctl) for @motcua/store-postgres tests;
//  - Chromium for the browser test of examples/one-stop-desk (when it exists).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const need = [];
const pgBins = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) : [];
if (pgBins.length === 0) need.push('postgresql');
if (existsSync(join(root, 'examples', 'one-stop-desk')) && !existsSync('/usr/bin/chromium')) need.push('chromium');
if (need.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`motcua tests need these Debian packages: ${need.join(' ')}\nInstall them with: sudo apt-get update && sudo apt-get install -y ${need.join(' ')}`);
  process.exit(1);
}
console.log(`Installing ${need.join(', ')} from Debian packages…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq', { stdio: 'inherit', env });
execSync(`apt-get install -y -qq --no-install-recommends ${need.join(' ')}`, { stdio: 'inherit', env });
