/**
 * Where the CPU of 1,000 concurrent `engine.execute` on distinct dossiers goes (issue #16 item 1):
 * motcua's side of `pnpm bench peers` alone, on a new SQLite file per round, CPU time per command
 * (`process.cpuUsage`, less sensitive to the machine's load than wall time).
 * `npx tsx examples/peers/bench/concurrent-commands.probe.ts [rounds] [commands]`; `PROFILE=dir/name` writes a CPU
 * profile of the timed phase of every round after the first five (`name-<round>.cpuprofile`; no set-up in it);
 * `PROBE_STORE=memory` runs the same commands on the in-memory store (the engine's own cost: the ceiling of group
 * commit whatever the store does, docs/performance.md, "Session 14").
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { motcuaMemory, motcuaSqlite } from '../src/sides';

const rounds = Number(process.argv[2] ?? 5);
const n = Number(process.argv[3] ?? 1000);
const profile = process.env.PROFILE;
const session = profile ? new Session() : undefined;
session?.connect();
await session?.post('Profiler.enable');
const perCommand: number[] = [];
for (let r = 0; r < rounds; r++) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cc-'));
  const side = process.env.PROBE_STORE === 'memory' ? motcuaMemory() : await motcuaSqlite(join(dir, 'events.db'));
  const ids = Array.from({ length: n }, () => randomUUID());
  await side.prepare(ids, 0);
  if (session && r >= 5) await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(ids.map((id, k) => side.command(id, k)));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (session && r >= 5) writeFileSync(`${profile}-${r}.cpuprofile`, JSON.stringify((await session.post('Profiler.stop')).profile));
  console.log(
    `round ${r}: ${n} commands ${wall.toFixed(1)} ms wall (${Math.round((n / wall) * 1000)}/s), CPU ${((cpu.user + cpu.system) / n).toFixed(1)} µs per command (user ${(cpu.user / n).toFixed(1)}, system ${(cpu.system / n).toFixed(1)})`,
  );
  if (r >= rounds / 3) perCommand.push((cpu.user + cpu.system) / n);
  await side.close();
  rmSync(dir, { recursive: true, force: true });
}
perCommand.sort((a, b) => a - b);
if (perCommand.length > 0) console.log(`median CPU of the last ${perCommand.length} rounds: ${perCommand[Math.floor(perCommand.length / 2)]!.toFixed(1)} µs per command`);
