/** The audit trail: who did what, when, from which unit (docs/security.md). */
export { auditTrail, auditRow, auditFilterSchema, parseAuditFilter } from './trail';
export type { AuditRow, AuditFilter } from './trail';
export { queryAuditTrail } from './query';
