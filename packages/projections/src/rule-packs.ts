/**
 * The rule packs (bộ quy tắc theo văn bản) a report projection reads, and the
 * check that they are the engine's. A dossier is pinned at receipt to the
 * pack in force (`DossierSubmitted.rulePack`, `DossierAccepted.rulePack`);
 * two figures depend on it: the KPI clock's count of intake supplement
 * requests (`kpiCountIntakeSupplements`, timeliness) and the online reception
 * limit (`receptionLimit`, reception). A projection built without the
 * catalog's packs counts a custom pack's dossiers with the defaults, so the
 * reports that take a `catalog` compare the two for every pack the state's
 * dossiers are pinned to and refuse to answer with figures the catalog's
 * rules would not give.
 */
import { canonicalJson, packLookup, ValidationError, type RulePack } from '@motcua/core';

/** What {@link checkRulePacks} compares for one setting. */
export interface RulePackSetting<T> {
  /** The report's projection, for the message. */
  projection: string;
  /** The `RulePack` field compared, for the issue's path. */
  field: keyof RulePack;
  /** The pack ids the state's dossiers are pinned to. */
  ids: Iterable<string>;
  /** The value the projection counted with for a pack id. */
  used: (id: string) => T;
  /** The value the catalog's pack gives. */
  wanted: (pack: RulePack) => T;
}

/**
 * Refuse a report whose projection counted a pinned rule pack's dossiers with
 * another setting than the report's catalog gives for that pack: a
 * `ValidationError` (`VALIDATION_FAILED`) with one issue
 * `rule_pack_mismatch` per pack, at path `['catalog', 'rulePacks', id, field]`.
 * A pack the catalog does not know, or a catalog without `rulePacks`, is not
 * judged.
 *
 * @example
 * ```ts
 * checkRulePacks(catalog, {
 *   projection: 'timeliness', field: 'kpiCountIntakeSupplements', ids: ['tinh-x-2026'],
 *   used: () => false, wanted: (pack) => pack.kpiCountIntakeSupplements,
 * }); // throws if the catalog's 'tinh-x-2026' counts intake requests
 * ```
 */
export function checkRulePacks<T>(catalog: { readonly rulePacks?: readonly RulePack[] }, setting: RulePackSetting<T>): void {
  if (!catalog.rulePacks) return;
  const packOf = packLookup(catalog.rulePacks);
  const issues: { code: string; path: string[]; message: string }[] = [];
  for (const id of new Set(setting.ids)) {
    const pack = packOf(id);
    if (pack === undefined) continue;
    const used = setting.used(id);
    const wanted = setting.wanted(pack);
    if (canonicalJson(used) === canonicalJson(wanted)) continue;
    issues.push({
      code: 'rule_pack_mismatch',
      path: ['catalog', 'rulePacks', id, setting.field],
      message: `the ${setting.projection} projection counted dossiers pinned to rule pack '${id}' with ${setting.field} ${canonicalJson(used)}, the catalog's pack '${pack.id}' gives ${canonicalJson(wanted)}: build the projection with { rulePacks: catalog.rulePacks } and rebuild it`,
    });
  }
  if (issues.length > 0) throw new ValidationError(`The ${setting.projection} projection was built with other rule packs than the catalog's`, issues);
}
