/** Corrections as events (đính chính): the whitelist, the event, its decision and the corrected view (docs/security.md). */
export { CORRECTABLE, CORRECTABLE_TYPES, CORRECTABLE_FIELDS } from './correctable';
export type { CorrectableType, CorrectableField } from './correctable';
export { EventCorrected } from './event';
export { decideCorrection } from './decide';
export { correctionPlace } from './order';
export type { CorrectionPlace } from './order';
export { applyCorrections, collectCorrections, correctedEvent } from './apply';
export { correctedLog } from './log';
export type { LateCorrection } from './log';
