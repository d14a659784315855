/**
 * The province simulation against a real PostgreSQL server.
 *
 *   pnpm --filter @motcua/example-postgres start -- --url postgres://user:pass@host:5432/db [--schema motcua_sim] [simulation options]
 *   DATABASE_URL=postgres://… npx tsx examples/postgres/src/main.ts --dossiers 5000
 *
 * Without `--url` or `DATABASE_URL` it starts a temporary PostgreSQL server
 * from the local binaries (initdb + pg_ctl), runs there and removes it.
 * Every other option is the simulation's (`--dossiers`, `--from`, `--to`,
 * `--seed`, `--json`, `--what-if`, `--lang`, `--scale`); see README.md.
 */
import { main } from '../../province-simulation/src/index';

const args = process.argv.slice(2);
process.exitCode = await main(args.includes('--store') || args.some((a) => a.startsWith('--store=')) ? args : ['--store', 'postgres', ...args]);
