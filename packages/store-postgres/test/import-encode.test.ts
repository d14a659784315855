/**
 * The byte encoder of `importEvents` (`src/import-encode.ts`) against the session-7 string encoder
 * (`import-string-encoder.ts`, the oracle): for random streams — text with quotes, backslashes, tabs, newlines,
 * control characters, U+0000, lone and paired surrogates, Vietnamese; nested objects and arrays, null, undefined,
 * `toJSON`, non-finite numbers; odd stored previous hashes — the bytes sent to COPY are `Buffer.from(old text)`
 * exactly and the stream's last hash is the same; a bad event gets the same typed error from both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpectedVersion, NewEvent } from '@motcua/core';
import { CopyRowEncoder } from '../src/import-encode';
import { stringRows } from './import-string-encoder';

const unit = fc.constantFrom('a', 'Z', '0', ' ', 'ư', 'Đ', 'ộ', 'ễ', '€', 'ÿ', '\\', '\t', '\n', '\r', '"', '/', '{', '\u0001', '\u001f', '\u007f', '😀', '𝄞', '\ud800', '\udc00');
const text = fc.oneof(
  { arbitrary: fc.string({ unit, maxLength: 12 }), weight: 8 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 4 },
  { arbitrary: fc.constant('Hồ sơ đã được tiếp nhận'), weight: 2 },
  { arbitrary: fc.constantFrom('a\u0000b', '\\u0000'), weight: 1 }, // refused by both (jsonb cannot hold U+0000)
);
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY, true, false, null, undefined),
  fc.date({ noInvalidDate: true }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(text, fc.constantFrom('hash', 'eventId', 'toJSON_', 'b', 'a', 'Z')), tie('value'), { maxKeys: 5 }),
}));
const eventArb = fc.record({
  type: fc.oneof(fc.constantFrom('DossierSubmitted', 'Noted'), text),
  eventId: fc.oneof(fc.uuid(), text),
  data: value,
  metadata: fc.dictionary(text, value, { maxKeys: 4 }),
  hash: fc.option(text),
});
/** Metadata as the tests write it (any shape: the encoder only requires an `eventId`). */
const meta = (m: Record<string, unknown>): NewEvent['metadata'] => m as unknown as NewEvent['metadata'];
const toEvent = (e: { type: string; eventId: string; data: unknown; metadata: Record<string, unknown>; hash: string | null }, i: number): NewEvent => {
  const metadata: Record<string, unknown> = { ...e.metadata, eventId: e.eventId === '' ? `id-${i}` : e.eventId };
  if (e.hash !== null) metadata.hash = e.hash;
  return { type: e.type === '' ? 'Noted' : e.type, data: e.data, metadata: meta(metadata) };
};
/** An error's identity (class name, stable code, message, zod-style issues), or undefined when `f` returns. */
const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string; issues?: unknown };
    return { name: e.name, code: e.code, message: e.message, issues: e.issues };
  }
  return undefined;
};
const previousArb = fc.oneof(fc.constant(null), fc.stringMatching(/^[0-9a-f]{64}$/), text, fc.string({ unit, minLength: 64, maxLength: 64 }));

/** Rows of COPY's text format as raw field bytes: split on LF and tab, `\\\\`, `\\t`, `\\n`, `\\r` unescaped. */
function textFields(bytes: Buffer): string[][] {
  const rows: string[][] = [];
  let row: number[][] = [];
  let field: number[] = [];
  for (let k = 0; k < bytes.length; k++) {
    const c = bytes[k]!;
    if (c === 0x5c) {
      const e = bytes[++k]!;
      field.push(e === 0x74 ? 0x09 : e === 0x6e ? 0x0a : e === 0x72 ? 0x0d : e);
    } else if (c === 0x09 || c === 0x0a) {
      row.push(field);
      field = [];
      if (c === 0x0a) {
        rows.push(row.map((f) => Buffer.from(f).toString('hex')));
        row = [];
      }
    } else field.push(c);
  }
  return rows;
}

/** Rows of COPY's binary format as the same raw field bytes (int4 as its decimal digits, jsonb without its version byte 1). */
function binaryFields(bytes: Buffer): string[][] {
  expect(bytes.subarray(0, 19).toString('hex')).toBe(`5047434f50590aff0d0a00${'0'.repeat(16)}`);
  const rows: string[][] = [];
  let o = 19;
  for (;;) {
    const count = bytes.readInt16BE(o);
    o += 2;
    if (count === -1) break;
    expect(count).toBe(6);
    const row: string[] = [];
    for (let f = 0; f < 6; f++) {
      const length = bytes.readInt32BE(o);
      let value = bytes.subarray(o + 4, o + 4 + length);
      o += 4 + length;
      if (f === 1) value = Buffer.from(String(value.readInt32BE(0)));
      if (f >= 4) {
        expect(value[0]).toBe(1);
        value = value.subarray(1);
      }
      row.push(value.toString('hex'));
    }
    rows.push(row);
  }
  expect(o).toBe(bytes.length);
  return rows;
}

describe('CopyRowEncoder (COPY rows as bytes) = the session-7 string encoder', () => {
  it("binary format: the text format's rows, field for field (same bytes once unescaped), header and trailer", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ streamId: text, events: fc.array(eventArb, { minLength: 0, maxLength: 4 }) }), { maxLength: 4 }),
        fc.nat(1000),
        previousArb,
        (streams, version, previous) => {
          const binary = new CopyRowEncoder('binary', 64);
          const seenOld = new Set<string>();
          const seenNew = new Set<string>();
          let expectedText = '';
          for (const [s, stream] of streams.entries()) {
            const streamId = `${stream.streamId}-${s}`;
            const events = stream.events.map((e, i) => toEvent({ ...e, eventId: `${e.eventId}-${s}-${i}` }, i));
            const oldError = errorOf(() => stringRows(streamId, events, version, previous, new Set(seenOld), 'any'));
            if (oldError) {
              expect(errorOf(() => binary.encode(streamId, events, version, previous, new Set(seenNew), 'any'))).toEqual(oldError);
              continue;
            }
            expectedText += stringRows(streamId, events, version, previous, seenOld, 'any').text;
            binary.encode(streamId, events, version, previous, seenNew, 'any');
          }
          binary.finish();
          expect(binaryFields(binary.take())).toEqual(textFields(Buffer.from(expectedText, 'utf8')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('same bytes and same last hash for random streams (escapes, surrogates, Vietnamese, nested, toJSON, odd previous hashes)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ streamId: fc.oneof(text, fc.constant('dossier-000.00.06.H56-240102-0000001')), events: fc.array(eventArb, { minLength: 1, maxLength: 5 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(1000),
        previousArb,
        (streams, version, previous) => {
          const encoder = new CopyRowEncoder('text', 64); // tiny: the chunk grows
          const seenOld = new Set<string>();
          const seenNew = new Set<string>();
          let expectedText = '';
          for (const [s, stream] of streams.entries()) {
            const streamId = stream.streamId === '' ? 's' : `${stream.streamId}-${s}`;
            const events = stream.events.map((e, i) => toEvent({ ...e, eventId: `${e.eventId}-${s}-${i}` }, i));
            const oldError = errorOf(() => stringRows(streamId, events, version, previous, new Set(seenOld), 'any'));
            if (oldError) {
              expect(errorOf(() => encoder.encode(streamId, events, version, previous, new Set(seenNew), 'any'))).toEqual(oldError);
              continue;
            }
            const old = stringRows(streamId, events, version, previous, seenOld, 'any');
            expectedText += old.text;
            expect(encoder.encode(streamId, events, version, previous, seenNew, 'any').hash).toBe(old.hash);
          }
          expect(encoder.take().equals(Buffer.from(expectedText, 'utf8'))).toBe(true);
          expect([...seenNew]).toEqual([...seenOld]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a huge event (5 MB of data) grows the buffers and later events are still encoded right', () => {
    const huge: NewEvent = { type: 'Noted', data: { note: 'ư'.repeat(2_500_000), tab: '\t' }, metadata: meta({ eventId: 'big' }) };
    const small = (n: number): NewEvent => ({ type: 'Noted', data: { n, note: 'Hồ sơ' }, metadata: meta({ eventId: `s-${n}` }) });
    for (const format of ['text', 'binary'] as const) {
      const encoder = new CopyRowEncoder(format, 1024);
      const seenOld = new Set<string>();
      const seen = new Set<string>();
      let text = '';
      for (const [streamId, events] of [
        ['dossier-1', [small(1), huge, small(2)]],
        ['dossier-2', [small(3)]],
      ] as Array<[string, NewEvent[]]>) {
        const old = stringRows(streamId, events, 0, null, seenOld, 'any');
        text += old.text;
        expect(encoder.encode(streamId, events, 0, null, seen, 'any').hash).toBe(old.hash);
      }
      encoder.finish();
      const bytes = encoder.take();
      if (format === 'text') expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
      else expect(binaryFields(bytes)).toEqual(textFields(Buffer.from(text, 'utf8')));
    }
  });

  it('the same typed error for bad events (BigInt, cycle, U+0000, a literal \\u0000, no id, empty type, a throwing toJSON, duplicate ids)', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const bad: Array<[string, NewEvent]> = [
      ['BigInt in data', { type: 'T', data: { n: 1n }, metadata: meta({ eventId: 'x' }) }],
      ['cycle in data', { type: 'T', data: cycle, metadata: meta({ eventId: 'x' }) }],
      ['U+0000 in metadata', { type: 'T', data: {}, metadata: meta({ eventId: 'x', note: 'a\u0000b' }) }],
      ['literal \\u0000 in data', { type: 'T', data: { note: 'a\\u0000b' }, metadata: meta({ eventId: 'x' }) }],
      ['no event id', { type: 'T', data: {}, metadata: meta({}) }],
      ['empty type', { type: '', data: {}, metadata: meta({ eventId: 'x' }) }],
      [
        'throwing toJSON',
        {
          type: 'T',
          data: {
            toJSON: () => {
              throw new Error('no');
            },
          },
          metadata: meta({ eventId: 'x' }),
        },
      ],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...bad), fc.nat(3), fc.nat(3), fc.constantFrom<ExpectedVersion>('any', 'no_stream', 0), ([, badEvent], before, after, expected) => {
        const good = (i: number): NewEvent => ({ type: 'Noted', data: { i }, metadata: meta({ eventId: `g-${i}` }) });
        const events = [...Array.from({ length: before }, (_, i) => good(i)), badEvent, ...Array.from({ length: after }, (_, i) => good(before + 1 + i))];
        const old = errorOf(() => stringRows('dossier-1', events, 0, null, new Set(), expected));
        expect(old?.code).toBeDefined();
        expect(errorOf(() => new CopyRowEncoder().encode('dossier-1', events, 0, null, new Set(), expected))).toEqual(old);
      }),
    );
    // Duplicate ids: within the stream, and against ids seen earlier in the import; a bad event after a duplicate wins, as before.
    const dup: NewEvent[] = [
      { type: 'T', data: {}, metadata: meta({ eventId: 'a' }) },
      { type: 'T', data: {}, metadata: meta({ eventId: 'a' }) },
    ];
    for (const [events, seen] of [
      [dup, []],
      [[dup[0]!], ['a']],
      [[...dup, bad[0]![1]], []],
    ] as Array<[NewEvent[], string[]]>) {
      const old = errorOf(() => stringRows('s', events, 2, null, new Set(seen), 'any'));
      expect(old?.code).toBeDefined();
      expect(errorOf(() => new CopyRowEncoder().encode('s', events, 2, null, new Set(seen), 'any'))).toEqual(old);
    }
  });
});
