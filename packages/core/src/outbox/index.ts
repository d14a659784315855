/** The transactional outbox (hộp thư đi): the event log is the outbox (docs/integration.md, "Outbox"). */
export { createOutboxRelay } from './relay';
export { InMemoryOutboxStore } from './in-memory';
export { OutboxError } from './errors';
export { DEFAULT_RETRY, backoffDelay, compareMessages, messagesOf, outboxMessageId, queueOf } from './messages';
export type {
  AttemptOutcome,
  ClaimOptions,
  FailureRecord,
  OutboxCounts,
  OutboxDraft,
  OutboxMessage,
  OutboxQuery,
  OutboxRelay,
  OutboxRelayOptions,
  OutboxRoute,
  OutboxStats,
  OutboxStatus,
  OutboxStore,
  OutboxTransport,
  PumpResult,
  RetryPolicy,
} from './types';
