import { UnknownProcedureError, ValidationError } from '../errors';
import { DEFAULT_LEVELS, type Level } from './levels';
import type { Procedure } from './procedure';
import { DEFAULT_RULE_PACKS, packLookup, type RulePack } from './rule-pack';

/** A catalog of procedure versions, levels and rule packs (danh mục thủ tục hành chính). */
export interface Catalog {
  /**
   * The version of procedure `code` in force on local date `on` (YYYY-MM-DD).
   * A version whose level has ended by then (the district level ends on
   * 30/06/2025) is not in force: `UNKNOWN_PROCEDURE` — define the version that
   * replaces it at the new level.
   */
  resolve(code: string, on: string): Procedure;
  /** A specific version. */
  get(code: string, version: string): Procedure;
  /** Every procedure version. */
  list(): readonly Procedure[];
  /** The rule pack in force on local date `on`. */
  rulePackAt(on: string): RulePack;
  /** A rule pack by id or former id (dossiers are pinned to one at receipt); `VALIDATION_FAILED` (`unknown_rule_pack`) if none. */
  rulePack(id: string): RulePack;
  /**
   * Every rule pack of the catalog, oldest first. Give them to the report
   * projections whose figures depend on the pack a dossier is pinned to, so
   * they count with the engine's rules:
   *
   * @example
   * ```ts
   * const timeliness = timelinessProjection({ calendar, rulePacks: catalog.rulePacks });
   * const reception = receptionProjection({ calendar, rulePacks: catalog.rulePacks });
   * ```
   */
  readonly rulePacks: readonly RulePack[];
  levels: readonly Level[];
}

/** Options of {@link createCatalog}: the procedures (every version) and the administrative levels. */
export interface CatalogOptions {
  procedures: readonly Procedure[];
  levels?: readonly Level[];
  rulePacks?: readonly RulePack[];
}

const inForce = (from: string, to: string | undefined, on: string) => from <= on && (to === undefined || on <= to);

/**
 * Build a catalog. Versions of one procedure must not overlap in time, and
 * each procedure's level must exist in `levels`.
 *
 * @example
 * ```ts
 * const catalog = createCatalog({ procedures: [birth, businessRegistration] });
 * catalog.resolve('1.001193', '2025-07-15').version; // '2'
 * ```
 */
export function createCatalog(options: CatalogOptions): Catalog {
  const levels = options.levels ?? DEFAULT_LEVELS;
  const packs = Object.freeze([...(options.rulePacks ?? DEFAULT_RULE_PACKS)].sort((a, b) => a.validFrom.localeCompare(b.validFrom)));
  const byCode = new Map<string, Procedure[]>();
  const issues: { code: string; path: (string | number)[]; message: string }[] = [];
  options.procedures.forEach((procedure, i) => {
    if (!levels.some((l) => l.code === procedure.level))
      issues.push({ code: 'unknown_level', path: ['procedures', i, 'level'], message: `level '${procedure.level}' is not in the catalog's levels` });
    const versions = byCode.get(procedure.code) ?? [];
    for (const other of versions) {
      if (other.version === procedure.version)
        issues.push({ code: 'duplicate_version', path: ['procedures', i, 'version'], message: `${procedure.code} version ${procedure.version} is defined twice` });
      else if (overlaps(other, procedure))
        issues.push({
          code: 'overlapping_versions',
          path: ['procedures', i, 'validFrom'],
          message: `${procedure.code} versions ${other.version} and ${procedure.version} overlap in time`,
        });
    }
    versions.push(procedure);
    byCode.set(procedure.code, versions);
  });
  if (issues.length) throw new ValidationError('Invalid catalog', issues);
  const all = Object.freeze([...options.procedures]);
  const packOf = packLookup(packs);
  const levelEnds = new Map(levels.filter((l) => l.validTo !== undefined).map((l) => [l.code, l.validTo!]));
  return {
    levels,
    rulePacks: packs,
    list: () => all,
    resolve(code, on) {
      const found = byCode.get(code)?.find((p) => inForce(p.validFrom, p.validTo, on));
      if (!found) throw new UnknownProcedureError(code, byCode.has(code) ? on : undefined);
      // A version at a level that has ended (districts end on 30/06/2025, two-tier local government)
      // is not in force for new dossiers after that day; dossiers pinned to it earlier still load (`get`).
      const levelEnd = levelEnds.get(found.level);
      if (levelEnd !== undefined && on > levelEnd) throw new UnknownProcedureError(code, on);
      return found;
    },
    get(code, version) {
      const found = byCode.get(code)?.find((p) => p.version === version);
      if (!found) throw new UnknownProcedureError(`${code} v${version}`);
      return found;
    },
    rulePackAt(on) {
      const pack = packs.find((r) => inForce(r.validFrom, r.validTo, on));
      if (!pack) throw new ValidationError('No rule pack', [{ code: 'no_rule_pack', path: ['at'], message: `no rule pack is in force on ${on}` }]);
      return pack;
    },
    rulePack(id) {
      const pack = packOf(id);
      if (!pack) throw new ValidationError('Unknown rule pack', [{ code: 'unknown_rule_pack', path: ['rulePack'], message: `no rule pack '${id}'` }]);
      return pack;
    },
  };
}

function overlaps(left: Procedure, right: Procedure): boolean {
  const aEnd = left.validTo ?? '9999-12-31';
  const bEnd = right.validTo ?? '9999-12-31';
  return left.validFrom <= bEnd && right.validFrom <= aEnd;
}
