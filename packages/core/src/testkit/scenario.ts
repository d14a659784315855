import { v7 as uuidv7 } from 'uuid';
import { actorFor } from '../auth/actor-for';
import type { PolicyOption } from '../auth/check';
import { DEFAULT_POLICY_2025 } from '../auth/default-policy';
import { type AccessPolicy, policyAt } from '../auth/policy';
import { type Command, type CommandBody, type CommandInput, commandSchemas } from '../commands/schemas';
import type { WorkingCalendar } from '../deadlines';
import { type DossierState, initialDossierState } from '../dossier/state';
import { createEngine, type Engine } from '../engine/engine';
import { MotcuaError } from '../errors';
import type { DossierEvent } from '../events/types';
import type { Catalog } from '../procedure/catalog';
import { InMemoryEventStore } from '../store/in-memory';
import type { Actor } from '../store/types';
import { toVietnamInstant } from '../time';

/** A command without the envelope fields: the scenario fills `commandId`, `dossierId` and `actor`. */
export type ScenarioCommand = CommandBody & { actor?: Actor };

/** What a scenario's `when` command led to: the state, its events, and the engine. */
export interface ScenarioOutcome {
  state: DossierState;
  /** Events produced by the `when` command. */
  events: DossierEvent[];
  engine: Engine;
}

/** The assertions of a scenario after its `when` command. */
export interface ScenarioThen {
  /** Run and return the outcome (throws if the command failed). */
  run(): Promise<ScenarioOutcome>;
  /** The `when` command produced exactly these event types. */
  thenEvents(types: readonly string[]): Promise<ScenarioOutcome>;
  /** The dossier ends in this state key (or top-level state). */
  thenState(state: string): Promise<ScenarioOutcome>;
  /** The `when` command fails with this error code (and appends nothing). */
  thenFails(code: string, rule?: string): Promise<MotcuaError>;
}

const DEFAULT_ACTOR: Actor = { id: 'officer-1', role: 'officer', unit: '000.00.06.H56' };

/**
 * Given/when/then for procedures, on a fresh in-memory engine. The engine
 * enforces `policy` (absent: `DEFAULT_POLICY_2025`, as `createEngine` does)
 * and every command without an `actor` is issued by one the policy allows on
 * the dossier as it stands (`actorFor`). `policy: 'none'` turns the check off
 * (commands without an actor then default to a generic officer).
 *
 * @example
 * ```ts
 * await scenario({ catalog: sampleCatalog() })
 *   .given({ type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: '2024-03-04T09:00:00+07:00' })
 *   .when({ type: 'TransferDossier', at: '2024-03-04T10:00:00+07:00' })
 *   .thenEvents(['DossierTransferred']);
 * ```
 */
export function scenario(options: { catalog: Catalog; calendar?: WorkingCalendar; dossierId?: string; policy?: PolicyOption }) {
  return {
    given(...given: ScenarioCommand[]) {
      return {
        when(when: ScenarioCommand): ScenarioThen {
          const dossierId = options.dossierId ?? uuidv7();
          const policy = policyOf(options.policy);
          const full = async (engine: Engine, scenarioCommand: ScenarioCommand): Promise<CommandInput> => {
            const command = { actor: DEFAULT_ACTOR, ...scenarioCommand, commandId: uuidv7(), dossierId } as CommandInput;
            if (!policy || scenarioCommand.actor) return command;
            const parsed = commandSchemas[command.type].safeParse(command);
            if (!parsed.success) return command;
            const state = await engine.get(dossierId).catch(() => initialDossierState(dossierId));
            const actor = actorFor(policy, parsed.data as Command, state);
            return actor ? ({ ...command, actor } as CommandInput) : command;
          };
          const prepare = async () => {
            const store = new InMemoryEventStore();
            const engine = createEngine({
              store,
              catalog: options.catalog,
              ...(options.calendar ? { calendar: options.calendar } : {}),
              ...(options.policy ? { policy: options.policy } : {}), // absent: the engine's default policy
            });
            for (const givenCommand of given) await engine.execute(await full(engine, givenCommand));
            return { engine, store };
          };
          const run = async (): Promise<ScenarioOutcome> => {
            const { engine } = await prepare();
            const result = await engine.execute(await full(engine, when));
            return { state: result.state, events: result.events, engine };
          };
          return {
            run,
            async thenEvents(types) {
              const out = await run();
              const got = out.events.map((e) => e.type);
              if (JSON.stringify(got) !== JSON.stringify(types)) throw new Error(`Expected events ${JSON.stringify(types)}, got ${JSON.stringify(got)}`);
              return out;
            },
            async thenState(state) {
              const out = await run();
              if (out.state.state !== state && out.state.topLevel !== state) throw new Error(`Expected state ${state}, got ${out.state.state}`);
              return out;
            },
            async thenFails(code, rule) {
              const { engine, store } = await prepare();
              await store.waitUntilReadable(); // the horizon may still rise to the `given` appends (PostgreSQL)
              const before = await store.headPosition();
              try {
                await engine.execute(await full(engine, when));
              } catch (error) {
                if (!(error instanceof MotcuaError)) throw error;
                if (error.code !== code) throw new Error(`Expected error ${code}, got ${error.code}: ${error.message}`);
                if (rule && (error as MotcuaError & { rule?: string }).rule !== rule) throw new Error(`Expected rule ${rule}, got ${(error as { rule?: string }).rule}`);
                if ((await store.headPosition()) !== before) throw new Error('A failed command appended events');
                return error;
              }
              throw new Error(`Expected ${when.type} to fail with ${code}, but it succeeded`);
            },
          };
        },
      };
    },
  };
}

/** The policy a scenario's actors are chosen from: the one given (absent: the default), or of several versions the one in force today; none with `'none'`. */
function policyOf(option: PolicyOption | undefined): AccessPolicy | undefined {
  if (option === 'none') return undefined;
  if (!option) return DEFAULT_POLICY_2025;
  if (!Array.isArray(option)) return option as AccessPolicy;
  const versions = option as readonly AccessPolicy[];
  return policyAt(versions, toVietnamInstant(new Date()).slice(0, 10)) ?? versions[0];
}
