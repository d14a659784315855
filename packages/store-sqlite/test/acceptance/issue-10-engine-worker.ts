/**
 * Child process of the issue #10 item 21 acceptance test: one engine with the
 * default options (access policy on, the real clock, no `at`) on its own
 * connection to a shared SQLite file, filing petitions on shared dossiers.
 * Prints one JSON line: `{ worker, ok, failures }`.
 */
import { randomUUID } from 'node:crypto';
import { createEngine, type CommandInput } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';

const args = JSON.parse(process.argv[2]!) as { filename: string; worker: number; commands: number; dossiers: string[]; applicant: string };
const store = await createSqliteEventStore({ filename: args.filename, busyTimeoutMs: 60_000 });
const engine = createEngine({ store, catalog: sampleCatalog() });
const failures: string[] = [];
let ok = 0;
for (let k = 0; k < args.commands; k++) {
  const dossierId = args.dossiers[k % args.dossiers.length]!;
  try {
    await engine.execute({
      type: 'FilePetition',
      commandId: randomUUID(),
      dossierId,
      actor: { id: args.applicant, role: 'applicant' },
      petitionId: `w${args.worker}-${k}`,
      content: 'Hỏi tiến độ',
      channel: 'portal',
    } as CommandInput);
    ok++;
  } catch (error) {
    failures.push(`${(error as { code?: string }).code} ${(error as { rule?: string }).rule ?? ''} ${(error as Error).message}`);
  }
}
await store.close();
process.stdout.write(`${JSON.stringify({ worker: args.worker, ok, failures })}\n`);
