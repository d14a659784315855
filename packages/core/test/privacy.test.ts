import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  type CommandBody,
  type CommandInput,
  DEFAULT_POLICY_2025,
  type EventStore,
  type StoredEvent,
  DOSSIER_EVENT_TYPES,
  InMemoryEventStore,
  InMemoryKeyStore,
  MotcuaError,
  PERSONAL_FIELDS,
  REDACTED,
  createEngine,
  decryptField,
  dossierStreamId,
  encryptField,
  eventSchemas,
  fieldAad,
  protectPersonalData,
  queryAuditTrail,
  subjectOfStream,
  verifyHistory,
} from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { unit } from './helpers';

/*
 * Crypto-shredding (issue #14 item 4). What must hold, from the issue and
 * NĐ 13/2023: the personal fields are not stored in clear; they read back as
 * written while the key exists; once the subject is erased they read as the
 * redaction mark on every read path (and the ID number as absent); nothing
 * else of the dossier changes; the hash chain still verifies.
 */

const BUSINESS = '2.002030';
/** Every personal value the commands below write; each must be absent from the stored form. */
const PERSON = { name: 'Phạm Thị Hồng Nhung', idNumber: '001199012345', phone: '0987654321', email: 'nhung.pham@example.vn', address: 'Số 12 ngõ 34 phố Hàng Bạc, Hoàn Kiếm' };
const SECRETS = {
  ...PERSON,
  place: 'Nhà bà Nhung, thôn Vân Trì',
  participant: 'Ông Lê Văn Tám (trưởng thôn)',
  verification: 'Bà Nhung xác nhận ranh giới thửa đất',
  receiver: 'Phạm Văn Hùng (con trai, ủy quyền)',
  error: 'Sai ngày sinh của bà Nhung trên giấy phép',
  petition: 'Tôi, Phạm Thị Hồng Nhung, phản ánh việc trả kết quả chậm',
};
/** What a personal field holds in the stored form (docs/security.md). */
const ENCRYPTED_MARK = '[mã hoá]';
const officer = (role: string, u = unit.code) => ({ id: `${role}-01`, role, unit: u });
const applicantActor = { id: PERSON.idNumber, role: 'applicant', name: PERSON.name };

/** A business registration with every personal field: intake, verification, return to a representative, an error report and a petition. */
const LIFE: [CommandBody, { id: string; role: string; unit?: string; name?: string }][] = [
  [{ type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant: PERSON, channel: 'direct' }, officer('receivingOfficer')],
  [{ type: 'TransferDossier' }, officer('receivingOfficer')],
  [{ type: 'RecordVerification', place: SECRETS.place, participants: ['cv-01', SECRETS.participant], content: SECRETS.verification }, officer('specialist', 'SKHDT')],
  [{ type: 'Resolve' }, officer('leader', 'SKHDT')],
  [{ type: 'ReturnResult', method: 'counter', receiver: SECRETS.receiver }, officer('receivingOfficer')],
  [{ type: 'ReportResultError', description: SECRETS.error }, applicantActor],
  [{ type: 'FilePetition', petitionId: 'p1', content: SECRETS.petition, channel: 'portal' }, applicantActor],
];

async function setup(keyCacheMs?: number) {
  const inner = new InMemoryEventStore();
  const keys = new InMemoryKeyStore();
  const store = protectPersonalData(inner, { keys, ...(keyCacheMs !== undefined ? { keyCacheMs } : {}) });
  let now = Date.parse('2024-03-04T02:00:00Z');
  const engine = createEngine({ store, catalog: sampleCatalog(), clock: () => new Date(now), policy: DEFAULT_POLICY_2025 });
  const run = async (dossierId: string, steps = LIFE) => {
    for (const [body, actor] of steps) {
      now += 3_600_000;
      await engine.execute({ ...body, actor, commandId: uuidv7(), dossierId } as CommandInput);
    }
  };
  return { inner, keys, store, engine, run };
}

const all = async (s: EventStore): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const e of s.readAll()) out.push(e);
  return out;
};
/** Every string anywhere in the events. */
const texts = (events: readonly StoredEvent[]) => JSON.stringify(events.map((e) => [e.data, e.metadata]));

/** The zod type at a `PERSONAL_FIELDS` path of an event schema (optional, default and refinements unwrapped), or undefined. */
function typeAt(schema: unknown, parts: readonly string[]): string | undefined {
  let node = schema as { def: { type: string; innerType?: unknown; element?: unknown; shape?: Record<string, unknown> } };
  const unwrap = () => {
    while (['optional', 'default', 'nullable', 'pipe'].includes(node.def.type) && node.def.innerType) node = node.def.innerType as typeof node;
  };
  for (const part of parts) {
    unwrap();
    if (part === '*') {
      if (node.def.type !== 'array') return undefined;
      node = node.def.element as typeof node;
    } else {
      const next = node.def.type === 'object' ? node.def.shape?.[part] : undefined;
      if (!next) return undefined;
      node = next as typeof node;
    }
  }
  unwrap();
  return node.def.type;
}

describe('PERSONAL_FIELDS', () => {
  it('names a type for every event type, and every path it lists is a text field of that event schema (a misspelt path fails)', () => {
    expect(Object.keys(PERSONAL_FIELDS).sort()).toEqual([...DOSSIER_EVENT_TYPES].sort());
    for (const [type, paths] of Object.entries(PERSONAL_FIELDS))
      for (const path of paths) expect(typeAt(eventSchemas[type as keyof typeof eventSchemas], path.split('.')), `${type} ${path}`).toBe('string');
    expect(typeAt(eventSchemas.DossierAccepted, ['applicant', 'nmae'])).toBeUndefined();
  });
});

describe('field encryption (AES-256-GCM)', () => {
  it('reads back what was written, under the same key and authenticated data only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ minLength: 1, maxLength: 20 }), (plain, path) => {
        const key = randomBytes(32);
        const aad = fieldAad('dossier-a', 'e-1', path);
        const c = encryptField(key, plain, aad);
        expect(c.includes(plain) && plain.length > 3).toBe(false);
        expect(decryptField(key, c, aad)).toBe(plain);
        expect(() => decryptField(randomBytes(32), c, aad)).toThrow();
        expect(() => decryptField(key, c, fieldAad('dossier-b', 'e-1', path))).toThrow();
        expect(() => decryptField(key, c, fieldAad('dossier-a', 'e-2', path))).toThrow();
        expect(() => decryptField(key, c, fieldAad('dossier-a', 'e-1', `${path}x`))).toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a flipped ciphertext bit and a truncated tag; the same text encrypts differently each time (random IV)', () => {
    const key = randomBytes(32);
    const aad = fieldAad('s', 'e', 'p');
    const c = encryptField(key, 'Nguyễn Văn An', aad);
    expect(encryptField(key, 'Nguyễn Văn An', aad)).not.toBe(c);
    const [iv, ct, tag] = c.slice(4).split('.') as [string, string, string];
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0]! ^= 1;
    expect(() => decryptField(key, `pd1.${iv}.${flipped.toString('base64url')}.${tag}`, aad)).toThrow();
    expect(() => decryptField(key, `pd1.${iv}.${ct}.${Buffer.from(tag, 'base64url').subarray(0, 8).toString('base64url')}`, aad)).toThrow();
  });
});

describe('protectPersonalData over a store', () => {
  it('stores no personal value in clear, and reads every event as an unprotected store would', async () => {
    const { inner, store, run } = await setup();
    const plain = new InMemoryEventStore();
    const plainEngine = createEngine({ store: plain, catalog: sampleCatalog(), clock: () => new Date('2024-03-05T02:00:00Z') });
    const a = uuidv7();
    const b = uuidv7();
    await run(a);
    for (const [body, actor] of LIFE) await plainEngine.execute({ ...body, actor, commandId: uuidv7(), dossierId: b, at: '2024-03-04T10:00:00+07:00' } as CommandInput);
    const stored = texts(await all(inner));
    for (const [k, v] of Object.entries(SECRETS)) expect(stored.includes(v), k).toBe(false);
    expect(stored.includes(PERSON.idNumber)).toBe(false); // the applicant actor's id is his ID number
    const read = (await all(store)).map((e) => [e.type, e.data, e.metadata.actor]);
    const expected = (await all(plain)).map((e) => [e.type, e.data, e.metadata.actor]);
    expect(read).toEqual(expected);
    const accepted = (await all(inner)).find((e) => e.type === 'DossierAccepted')!;
    expect(accepted.metadata.personalData).toEqual({
      subject: dossierStreamId(a),
      keyVersion: 1,
      fields: ['applicant.name', 'applicant.idNumber', 'applicant.phone', 'applicant.email', 'applicant.address'],
      ct: expect.stringMatching(/^pd1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/),
    });
    expect((accepted.data as { applicant: unknown }).applicant).toEqual({
      name: ENCRYPTED_MARK,
      idNumber: ENCRYPTED_MARK,
      phone: ENCRYPTED_MARK,
      email: ENCRYPTED_MARK,
      address: ENCRYPTED_MARK,
      kind: 'citizen',
    });
    const filed = (await all(inner)).find((e) => e.type === 'FilePetition' || e.type === 'PetitionFiled')!;
    expect(filed.metadata.actor).toEqual({ id: ENCRYPTED_MARK, role: 'applicant', name: ENCRYPTED_MARK });
    expect(filed.metadata.personalData).toMatchObject({ fields: ['content'], actor: ['id', 'name'] });
  });

  it('after erasure: the subject reads redacted everywhere, the other dossier does not change, the history verifies', async () => {
    const { inner, store, engine, run } = await setup();
    const [a, b] = [uuidv7(), uuidv7()];
    await run(a);
    await run(b);
    const before = await all(store);
    const stateB = await engine.get(b);
    expect((await engine.get(a)).applicant?.name).toBe(PERSON.name); // cached, decrypted
    expect(await store.eraseSubject(subjectOfStream(dossierStreamId(a)), { reason: 'request', by: 'admin-01', engines: [engine] })).toBe(true);
    expect(await store.eraseSubject(subjectOfStream(dossierStreamId(a)), { reason: 'request' })).toBe(false);

    const after = await all(store);
    expect(after.length).toBe(before.length);
    const erasedTexts = texts(after.filter((e) => e.streamId === dossierStreamId(a)));
    for (const [k, v] of Object.entries(SECRETS)) expect(erasedTexts.includes(v), k).toBe(false);
    for (let i = 0; i < after.length; i++) {
      const [x, y] = [before[i]!, after[i]!];
      expect([y.streamId, y.version, y.position, y.type, y.metadata.eventId, y.metadata.occurredAt]).toEqual([
        x.streamId,
        x.version,
        x.position,
        x.type,
        x.metadata.eventId,
        x.metadata.occurredAt,
      ]);
      if (x.streamId === dossierStreamId(b)) expect(y).toEqual(x);
    }
    const state = await engine.get(a);
    expect(state.applicant).toEqual({ name: REDACTED, phone: REDACTED, email: REDACTED, address: REDACTED, kind: 'citizen' });
    expect(await engine.get(b)).toEqual(stateB);
    const accepted = after.find((e) => e.streamId === dossierStreamId(a) && e.type === 'DossierAccepted')!;
    expect(accepted.metadata.personalData?.erased).toBe(true);
    const verification = after.find((e) => e.streamId === dossierStreamId(a) && e.type === 'VerificationRecorded')!;
    expect(verification.data).toEqual({ place: REDACTED, participants: [REDACTED, REDACTED], content: REDACTED });
    // the applicant's own acts: the audit trail shows the erased actor, the office's acts keep their officers
    const trail = await queryAuditTrail(store, { dossierId: a });
    expect(trail.map((r) => r.actorId)).toEqual(['receivingOfficer-01', 'receivingOfficer-01', 'specialist-01', 'leader-01', 'receivingOfficer-01', REDACTED, REDACTED]);
    // the hash chain covers the stored form: it verifies on the protected store and on the store underneath
    for (const s of [store, inner]) expect(await verifyHistory(s, { requireHashes: true })).toMatchObject({ ok: true, events: before.length });
  });

  it('an engine not told of the erasure keeps its cached state until forget(); a fresh engine reads redacted at once', async () => {
    const { store, engine, run } = await setup();
    const a = uuidv7();
    await run(a, LIFE.slice(0, 2));
    expect((await engine.get(a)).applicant?.name).toBe(PERSON.name);
    await store.eraseSubject(dossierStreamId(a), { reason: 'request' });
    expect((await createEngine({ store, catalog: sampleCatalog() }).get(a)).applicant?.name).toBe(REDACTED);
    expect((await engine.get(a)).applicant?.name).toBe(PERSON.name); // the documented limit: caches must be told
    await engine.forget(a);
    expect((await engine.get(a)).applicant?.name).toBe(REDACTED);
  });

  it('personal data written after the erasure is stored redacted, never in clear, and the dossier goes on', async () => {
    const { inner, store, engine, run } = await setup();
    const a = uuidv7();
    await run(a, LIFE.slice(0, 4));
    await store.eraseSubject(dossierStreamId(a), { reason: 'request', engines: [engine] });
    // the erased ID number matches no sign-in: nobody can act as this applicant any more (FORBIDDEN under the policy)
    await expect(run(a, LIFE.slice(5, 6))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await run(a, [LIFE[4]!, [{ type: 'ReportResultError', description: SECRETS.error, reportedBy: 'agency' }, officer('receivingOfficer')]]);
    expect((await engine.get(a)).state).toBeDefined();
    const stored = texts(await all(inner));
    for (const [k, v] of Object.entries(SECRETS)) expect(stored.includes(v), k).toBe(false);
    const returned = (await all(store)).find((e) => e.type === 'ResultReturned')!;
    expect((returned.data as { receiver: string }).receiver).toBe(REDACTED);
    expect(await verifyHistory(inner, { requireHashes: true })).toMatchObject({ ok: true });
  });

  it('a ciphertext moved to another event, or an altered one, is STORE_CORRUPTED, not a wrong name', async () => {
    const { inner, keys, store, run } = await setup();
    const a = uuidv7();
    await run(a, LIFE.slice(0, 1));
    const accepted = (await all(inner))[0]!;
    const copy = JSON.parse(JSON.stringify(accepted)) as StoredEvent;
    // the same ciphertexts in a new event of the same stream (another event id): the authenticated data differ
    await inner.append(accepted.streamId, [{ type: copy.type, data: copy.data, metadata: { ...copy.metadata, eventId: uuidv7(), hash: undefined } as never }]);
    await expect(store.readStream(accepted.streamId)).rejects.toMatchObject({ code: 'STORE_CORRUPTED' });
    // a store whose key store is not this log's
    const other = protectPersonalData(inner, { keys: new InMemoryKeyStore() });
    await expect(other.readStream(accepted.streamId, { toVersion: 1 })).rejects.toMatchObject({ code: 'STORE_CORRUPTED' });
    expect((await store.readStream(accepted.streamId, { toVersion: 1 })).events[0]!.data).toMatchObject({ applicant: PERSON });
    expect(keys).toBeDefined();
  });

  it('an erasure by another process is seen after keyCacheMs; with keyCacheMs 0 at once', async () => {
    const { inner, keys, run } = await setup(0);
    const a = uuidv7();
    await run(a, LIFE.slice(0, 1));
    const reader = protectPersonalData(inner, { keys, keyCacheMs: 0 });
    const eraser = protectPersonalData(inner, { keys });
    expect(((await reader.readStream(dossierStreamId(a))).events[0]!.data as { applicant: { name: string } }).applicant.name).toBe(PERSON.name);
    await eraser.eraseSubject(dossierStreamId(a), { reason: 'request' });
    expect(((await reader.readStream(dossierStreamId(a))).events[0]!.data as { applicant: { name: string } }).applicant.name).toBe(REDACTED);
  });

  it('keeps every failure a MotcuaError', async () => {
    const { inner } = await setup();
    const s = protectPersonalData(inner, { keys: new InMemoryKeyStore() });
    await inner.append('dossier-x', [
      {
        type: 'DossierAccepted',
        data: { applicant: { name: 'pd1.x.y.z' } },
        metadata: {
          eventId: uuidv7(),
          schemaVersion: 1,
          occurredAt: '2024-03-04T09:00:00.000+07:00',
          recordedAt: '2024-03-04T02:00:00.000Z',
          personalData: { subject: 'dossier-x', keyVersion: 1, fields: ['applicant.name'] },
        },
      },
    ]);
    const e = await s.readStream('dossier-x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MotcuaError);
  });
});
