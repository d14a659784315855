import { beforeEach, describe, expect, it } from 'vitest';
import type { AppendNotice, EventStore } from '../../store/types';
import { collect, expectCode, expectConflict, makeTestEvent } from './support';
import type { ContractContext } from './support';

/** Sequences, checkpoints, notifications, close and durability. */
export function rolesContract(context: ContractContext): void {
  describe('sequences', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('nextSequence counts 1, 2, 3 per key, keys independent', async () => {
      expect(await store.nextSequence('H21.65/2024-10-27')).toBe(1);
      expect(await store.nextSequence('H21.65/2024-10-27')).toBe(2);
      expect(await store.nextSequence('H21.65/2024-10-28')).toBe(1);
      expect(await store.nextSequence('000.00.06.H56/2024-10-27')).toBe(1);
      expect(await store.nextSequence('H21.65/2024-10-27')).toBe(3);
    });

    it('concurrent nextSequence calls give distinct 1..N', async () => {
      const count = 60;
      const values = await Promise.all(Array.from({ length: count }, (_, i) => store.nextSequence(i % 3 === 0 ? 'other-unit/2024-10-27' : 'unit/2024-10-27')));
      const main = values.filter((_, i) => i % 3 !== 0).sort((a, b) => a - b);
      const other = values.filter((_, i) => i % 3 === 0).sort((a, b) => a - b);
      expect(main).toEqual(Array.from({ length: main.length }, (_, i) => i + 1));
      expect(other).toEqual(Array.from({ length: other.length }, (_, i) => i + 1));
    });
  });

  describe('projections', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('saves, loads and overwrites a projection snapshot', async () => {
      expect(await store.loadProjection('dossier-list')).toBeUndefined();
      const state = { count: 2, byUnit: { 'H21.65': ['Đăng ký khai sinh', 'Cấp bản sao'] }, last: null };
      await store.saveProjection('dossier-list', { state, position: 7, tag: 'v1' });
      expect(await store.loadProjection('dossier-list')).toEqual({ state, position: 7, tag: 'v1' });
      await store.saveProjection('dossier-list', { state: { count: 3 }, position: 9 });
      const loaded = await store.loadProjection<{ count: number }>('dossier-list');
      expect(loaded?.state).toEqual({ count: 3 });
      expect(loaded?.position).toBe(9);
      expect(loaded?.tag).toBeUndefined();
      await store.saveProjection('other', { state: [], position: 0, tag: 'x' });
      expect(await store.loadProjection('other')).toEqual({ state: [], position: 0, tag: 'x' });
      expect((await store.loadProjection('dossier-list'))?.position).toBe(9);
    });
  });

  describe('notifications', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('announces each append after commit with its positions', async () => {
      const notices: AppendNotice[] = [];
      const visible: Promise<number>[] = [];
      store.notifications.on('appended', (notice) => {
        notices.push(notice);
        visible.push(
          store.readStream(notice.streamId).then((stream) => stream.events.filter((e) => e.position >= notice.firstPosition && e.position <= notice.lastPosition).length),
        );
      });
      const r1 = await store.append('n-1', [makeTestEvent('A'), makeTestEvent('B')]);
      const r2 = await store.append('n-2', [makeTestEvent('C')]);
      await expectConflict(store.append('n-1', [makeTestEvent('D')], { expectedVersion: 0 }));
      const dup = await store.append(
        'n-2',
        r2.events.map(({ type, data, metadata }) => ({ type, data, metadata })),
      );
      expect(dup.duplicate).toBe(true);
      await store.append('n-3', []);
      expect(notices).toContainEqual({ streamId: 'n-1', firstPosition: r1.events[0]!.position, lastPosition: r1.lastPosition });
      expect(notices).toContainEqual({ streamId: 'n-2', firstPosition: r2.events[0]!.position, lastPosition: r2.lastPosition });
      for (const notice of notices) expect(notice.lastPosition).toBeLessThanOrEqual(r2.lastPosition);
      const counts = await Promise.all(visible);
      counts.forEach((c, i) => expect(c).toBe(notices[i]!.lastPosition - notices[i]!.firstPosition + 1));
    });
  });

  describe('lifecycle and durability', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });
    it('rejects appends after close with STORE_CLOSED; close is idempotent', async () => {
      await store.close();
      await store.close();
      await expectCode(store.append('s', [makeTestEvent('A')]), 'STORE_CLOSED');
    });

    it('keeps events, sequences and projections across reopen', async (ctx) => {
      if (!context.fixture.reopen) return ctx.skip();
      const result = await store.append('durable', [makeTestEvent('Received', { ten: 'Đăng ký khai sinh' }), makeTestEvent('Assigned')]);
      await store.waitUntilReadable((await store.append('durable-2', [makeTestEvent('Received')])).lastPosition);
      expect(await store.nextSequence('H21.65/2024-10-27')).toBe(1);
      expect(await store.nextSequence('H21.65/2024-10-27')).toBe(2);
      await store.saveProjection('p', { state: { n: 3 }, position: 3, tag: 't' });
      const before = await collect(store.readAll());
      await context.reopen();
      store = context.store;
      expect(await collect(store.readAll())).toEqual(before);
      expect((await store.readStream('durable')).events).toEqual(result.events);
      expect(await store.nextSequence('H21.65/2024-10-27')).toBe(3);
      expect(await store.loadProjection('p')).toEqual({ state: { n: 3 }, position: 3, tag: 't' });
      const next = await store.append('durable', [makeTestEvent('Approved')], { expectedVersion: 2 });
      expect(next.events[0]!.version).toBe(3);
      expect(next.events[0]!.position).toBeGreaterThan(before[before.length - 1]!.position);
      const dup = await store.append(
        'durable',
        result.events.map(({ type, data, metadata }) => ({ type, data, metadata })),
      );
      expect(dup.duplicate).toBe(true);
    });
  });
}
