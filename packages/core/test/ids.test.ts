import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newEventId } from '../src/engine/ids';

describe('event ids', () => {
  it('are valid uuid v7, unique, and sort in creation order within one process', () => {
    const ids = Array.from({ length: 20_000 }, () => newEventId());
    for (const id of ids.slice(0, 100)) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1]! < ids[i]!).toBe(true);
  });
});
