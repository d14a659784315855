import type { Command } from '../commands/schemas';
import type { DossierState } from '../dossier/state';
import { ValidationError } from '../errors';
import { compileMachine, type TransitionTable } from '../machine/compile';
import { createProcedureMachine, type ProcedureMachine } from '../machine/create-machine';
import type { Catalog } from '../procedure/catalog';
import type { Procedure } from '../procedure/procedure';
import type { RulePack } from '../procedure/rule-pack';
import { localDateOf } from '../time';

type ProcedureRef = { code: string; version: string };

/** The procedures an engine works with: their machines and compiled tables (built once per version), and which one a command is for. */
export interface Procedures {
  machineFor(ref: ProcedureRef): ProcedureMachine;
  tableFor(ref: ProcedureRef): TransitionTable;
  /**
   * The procedure version and rule pack of a command on a dossier: those pinned
   * at its first event, else those in force on the command's day (throws
   * `VALIDATION_FAILED` for a missing or mismatching procedure code,
   * `UNKNOWN_PROCEDURE` for one the catalog lacks).
   */
  resolve(command: Command, state: DossierState, at: string): { procedure: Procedure; rulePack: RulePack };
}

export function procedures(catalog: Catalog): Procedures {
  const tables = new Map<string, TransitionTable>();
  const machines = new Map<string, ProcedureMachine>();
  const machineFor = (ref: ProcedureRef): ProcedureMachine => {
    const key = `${ref.code}@${ref.version}`;
    let machine = machines.get(key);
    if (!machine) machines.set(key, (machine = createProcedureMachine(catalog.get(ref.code, ref.version))));
    return machine;
  };
  const tableFor = (ref: ProcedureRef): TransitionTable => {
    const key = `${ref.code}@${ref.version}`;
    let table = tables.get(key);
    if (!table) tables.set(key, (table = compileMachine(machineFor(ref))));
    return table;
  };
  function resolve(command: Command, state: DossierState, at: string): { procedure: Procedure; rulePack: RulePack } {
    const given = 'procedureCode' in command ? command.procedureCode : 'intake' in command ? command.intake?.procedureCode : undefined;
    if (state.procedure) {
      const procedure = catalog.get(state.procedure.code, state.procedure.version);
      if (given && given !== procedure.code)
        throw new ValidationError('Wrong procedure', [{ code: 'procedure_mismatch', path: ['procedureCode'], message: `the dossier is for ${procedure.code}, not ${given}` }]);
      return { procedure, rulePack: catalog.rulePack(state.rulePack!) };
    }
    if (!given) throw new ValidationError('Missing procedure', [{ code: 'invalid_type', path: ['procedureCode'], message: 'required for a new dossier' }]);
    const day = localDateOf(at);
    return { procedure: catalog.resolve(given, day), rulePack: catalog.rulePackAt(day) };
  }
  return { machineFor, tableFor, resolve };
}
