/** The dossier list read model (danh sách hồ sơ, việc của tôi): rows, queries, the follower (docs/worklists.md). */
export { foldVietnamese } from './fold-vietnamese';
export { dossierListRow } from './row';
export type { DossierListRow, DossierClockStop } from './row';
export {
  dossierListFilterSchema,
  dossierListQuerySchema,
  parseDossierListQuery,
  dossierListSql,
  pageOf,
  cursorAfter,
  sortKeyOf,
  worklistFilter,
  NO_DUE_KEY,
  NO_RECEIVED_KEY,
} from './query';
export type { DossierListFilter, DossierListQuery, DossierListPage, DossierListSortKey, WorklistKind, WorklistScope, SqlQuery } from './query';
export {
  DOSSIER_LIST_COLUMNS,
  DOSSIER_LIST_STEP_COLUMNS,
  DOSSIER_LIST_CLOCK_COLUMNS,
  DOSSIER_LIST_OVERDUE_COLUMNS,
  DOSSIER_LIST_INDEXES,
  dossierListIndexSql,
  dossierListValues,
  dossierListRowFrom,
} from './columns';
export { followDossierList } from './follow';
export type { DossierListTable, DossierListFollower, DossierListFollowerOptions } from './follow';
