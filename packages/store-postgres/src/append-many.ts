import type { AppendManyOutcome, AppendRequest, AppendResult } from '@motcua/core';
import type { PoolClient } from 'pg';
import { appendGroup, prepareAppend, singleAppendError } from './append';
import type { AppendContext, PreparedAppend } from './append';
import { pgCode } from './errors';

/** Run `fn` with a pooled client (the store's `withClient`: the driver's errors as they are; the store types them). */
export type WithClient = <T>(what: string, fn: (client: PoolClient) => Promise<T>) => Promise<T>;

/**
 * `appendMany` (and `append`, a group of one) on PostgreSQL: requests are
 * serialised and digested first (a bad request is refused alone), then
 * committed in one round trip per group of distinct streams — the engine's
 * group committer never repeats a stream, so its batches are one group, one
 * transaction. If a group's transaction fails, nothing of it is stored: with
 * one group the call rejects; with several, that group's requests get the
 * error as their outcome. A group that fails on a unique index (an event id
 * another transaction stored meanwhile) is retried request by request, so the
 * duplicate is refused alone (a single request reports it at once); so is a group that fails on a value the server
 * refuses (a data exception, an id too long for its index). Errors are the driver's, typed by the store.
 * `announce` is called for each appended request.
 *
 * @example
 * ```ts
 * import type { AppendContext } from './append';
 * declare const ctx: AppendContext, withClient: WithClient, requests: AppendRequest[];
 * const outcomes = await appendManyWith(ctx, withClient, requests, (result, readable, notified) => console.log(result.lastPosition, readable, notified));
 * ```
 */
export async function appendManyWith(
  ctx: AppendContext,
  withClient: WithClient,
  requests: readonly AppendRequest[],
  announce: (result: AppendResult, readable: boolean, notified: boolean) => void,
): Promise<AppendManyOutcome[]> {
  const outcomes = new Array<AppendManyOutcome>(requests.length);
  const prepared = new Array<PreparedAppend | undefined>(requests.length);
  for (let i = 0; i < requests.length; i++) {
    try {
      prepared[i] = prepareAppend(requests[i]!);
    } catch (error) {
      outcomes[i] = { ok: false, error };
    }
  }
  const groups = groupsOfDistinctStreams(prepared);
  for (const group of groups) {
    const members = group.map((i) => prepared[i]!);
    try {
      const done = await withClient('append', (client) => appendGroup(ctx, client, members));
      group.forEach((index, k) => (outcomes[index] = done.outcomes[k]!));
      for (const outcome of done.outcomes) if (outcome.ok && !outcome.result.duplicate && outcome.result.events.length > 0) announce(outcome.result, done.readable, done.notified);
    } catch (error) {
      if (pgCode(error) === '23505' && requests.length === 1) throw await withClient('append', (client) => singleAppendError(ctx, client, members[0]!, error));
      // A unique index, or a value the server refuses (class 22 data exception, class 54 a limit: an id too long for
      // its index): one request's doing, so each is tried alone and only that one is refused.
      if (pgCode(error) === '23505' || (group.length > 1 && valueRefused(error))) {
        for (const index of group) outcomes[index] = await one(ctx, withClient, prepared[index]!, announce);
        continue;
      }
      if (groups.length === 1) throw error;
      for (const index of group) outcomes[index] = { ok: false, error };
    }
  }
  return outcomes;
}

/** One request alone (after its group met a unique index): its own transaction, the unique violation reported as the store reports it. */
async function one(
  ctx: AppendContext,
  withClient: WithClient,
  request: PreparedAppend,
  announce: (result: AppendResult, readable: boolean, notified: boolean) => void,
): Promise<AppendManyOutcome> {
  try {
    const done = await withClient('append', async (client) => {
      try {
        return await appendGroup(ctx, client, [request]);
      } catch (error) {
        throw await singleAppendError(ctx, client, request, error);
      }
    });
    const outcome = done.outcomes[0]!;
    if (outcome.ok && !outcome.result.duplicate && outcome.result.events.length > 0) announce(outcome.result, done.readable, done.notified);
    return outcome;
  } catch (error) {
    return { ok: false, error };
  }
}

/** A value the server refuses (class 22, a data exception; class 54, a limit): one request's doing, not the transaction's. */
function valueRefused(error: unknown): boolean {
  const code = pgCode(error);
  return code !== undefined && code.length === 5 && (code.startsWith('22') || code.startsWith('54'));
}

/** Indices of the prepared requests, cut into runs in which no stream appears twice (order kept). */
function groupsOfDistinctStreams(prepared: readonly (PreparedAppend | undefined)[]): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let streams = new Set<string>();
  prepared.forEach((request, index) => {
    if (!request) return;
    if (streams.has(request.streamId)) {
      groups.push(current);
      current = [];
      streams = new Set();
    }
    streams.add(request.streamId);
    current.push(index);
  });
  if (current.length > 0) groups.push(current);
  return groups;
}
