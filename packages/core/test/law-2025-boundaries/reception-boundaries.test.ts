/**
 * Issue #12 item 5: reception regardless of administrative boundaries
 * (NĐ 118/2025 Đ14.2, Đ20.1) and the dossier code (Đ28.2), for a dossier
 * accepted on 30/06/2025 (NĐ 61/2018 pack) and one accepted on 01/07/2025
 * (NĐ 118/2025 pack). Expected values are read from the articles and the
 * official 2025 holiday schedule (National Day: Sat 30/08 – Tue 02/09/2025),
 * not from the code.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createCatalog, createEngine, defineProcedure, InMemoryEventStore, MotcuaError, parseDossierCode, RULE_PACK_2018, RULE_PACK_2025, type CommandBody } from '@motcua/core';
import { applicant, cmd, newEngine, vn } from '../helpers';

/** Commune centre A receives; commune B is competent (another commune of the province). */
const A = { code: '000.01.20.H26', name: 'Trung tâm phục vụ hành chính công xã A' };
const B = { code: '000.02.20.H26', name: 'Ủy ban nhân dân xã B' };

async function receive(day: string, body: Partial<CommandBody> = {}, procedureCode = '1.001193') {
  const { engine } = newEngine();
  const id = uuidv7();
  const r = await engine.execute(
    cmd(id, { type: 'ReceiveDossier', procedureCode, unit: A, applicant, channel: 'direct', competentUnit: B, at: vn(`${day}T10:00`), ...body } as CommandBody),
  );
  return { engine, id, state: r.state };
}

describe('dossier code (TT 01/2018 Đ19 vs NĐ 118/2025 Đ28.2)', () => {
  it('30/06/2025: the receiving unit names the code (2018 pack)', async () => {
    const { state } = await receive('2025-06-30');
    expect(state.rulePack).toBe(RULE_PACK_2018.id);
    expect(parseDossierCode(state.dossierCode!)).toEqual({ unitCode: A.code, date: '2025-06-30', sequence: 1 });
    expect(state.competentUnit).toEqual(B);
  });

  it('01/07/2025: the competent agency names the code (Đ28.2)', async () => {
    const { state } = await receive('2025-07-01');
    expect(state.rulePack).toBe(RULE_PACK_2025.id);
    expect(parseDossierCode(state.dossierCode!)).toEqual({ unitCode: B.code, date: '2025-07-01', sequence: 1 });
  });

  it('01/07/2025 without a competent unit: the receiving unit is the competent one', async () => {
    const { state } = await receive('2025-07-01', { competentUnit: undefined });
    expect(parseDossierCode(state.dossierCode!)!.unitCode).toBe(A.code);
  });

  it('01/07/2025, joint group (a procedure with a route): the receiving unit at the counter, the national portal online', async () => {
    const counter = await receive('2025-07-01', {}, '1.009994');
    expect(parseDossierCode(counter.state.dossierCode!)!.unitCode).toBe(A.code);
    const { engine } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'SubmitOnline', procedureCode: '1.009994', unit: A, applicant, competentUnit: B, at: vn('2025-07-01T08:00') } as CommandBody));
    const r = await engine.execute(cmd(id, { type: 'ReceiveDossier', at: vn('2025-07-01T09:00') } as CommandBody));
    expect(r.state.dossierCode).toBe('DVCQG-250701-0001');
  });

  it('30/06/2025, joint group filed online: still the receiving unit (2018)', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'SubmitOnline', procedureCode: '1.009994', unit: A, applicant, at: vn('2025-06-30T08:00') } as CommandBody));
    const r = await engine.execute(cmd(id, { type: 'ReceiveDossier', at: vn('2025-06-30T09:00') } as CommandBody));
    expect(r.state.dossierCode).toBe(`${A.code}-250630-0001`);
  });
});

describe('transfer to the competent unit (NĐ 118/2025 Đ20.1: paper within 1 working day, electronic at once)', () => {
  const transfer = async (day: string, mode: 'paper' | 'electronic', at: string) => {
    const { engine, id } = await receive(day);
    const r = await engine.execute(cmd(id, { type: 'TransferDossier', mode, at: vn(at) } as CommandBody));
    return r.events[0]!.data as { to: { code: string }; late: boolean; crossBoundary?: true; due?: { date: string } };
  };

  it('01/07/2025 paper: due Wed 02/07 (1 working day); on time at 16:30 on 02/07, late on 03/07; sent to the competent unit', async () => {
    const onTime = await transfer('2025-07-01', 'paper', '2025-07-02T16:30');
    expect(onTime).toMatchObject({ to: { code: B.code }, late: false, crossBoundary: true, due: { date: '2025-07-02' } });
    expect((await transfer('2025-07-01', 'paper', '2025-07-03T08:00')).late).toBe(true);
  });

  it('01/07/2025 electronic: due the same day; the next day is late', async () => {
    expect(await transfer('2025-07-01', 'electronic', '2025-07-01T16:00')).toMatchObject({ late: false, due: { date: '2025-07-01' } });
    expect((await transfer('2025-07-01', 'electronic', '2025-07-02T08:00')).late).toBe(true);
  });

  it('Fri 29/08/2025 paper: the next working day is Wed 03/09 (30/08–02/09 National Day break)', async () => {
    const d = await transfer('2025-08-29', 'paper', '2025-09-03T10:00');
    expect(d).toMatchObject({ late: false, due: { date: '2025-09-03' } });
  });

  it('30/06/2025 (2018 pack): the same-day 15:00 transfer rule (NĐ 61 Đ18); the next day is late, no cross-boundary due', async () => {
    const d = await transfer('2025-06-30', 'paper', '2025-07-01T08:00');
    expect(d.late).toBe(true);
    expect(d.crossBoundary).toBeUndefined();
    expect(d.due).toBeUndefined();
  });
});

describe('the result returns to the receiving centre (NĐ 118/2025 Đ20.1)', () => {
  async function resolved(day: string) {
    const { engine, id } = await receive(day);
    await engine.execute(cmd(id, { type: 'TransferDossier', mode: 'electronic', at: vn(`${day}T10:30`) } as CommandBody));
    await engine.execute(cmd(id, { type: 'Resolve', at: vn(`${day}T11:00`) } as CommandBody));
    return { engine, id };
  }

  it('01/07/2025: a counter return records the receiving centre as the place', async () => {
    const { engine, id } = await resolved('2025-07-01');
    const r = await engine.execute(cmd(id, { type: 'ReturnResult', method: 'counter', at: vn('2025-07-01T14:00') } as CommandBody));
    expect(r.state.returned).toMatchObject({ method: 'counter', place: A });
    expect(r.state.returned!.elsewhere).toBeUndefined();
  });

  it('01/07/2025: returning at the competent unit instead is refused (RETURN_ELSEWHERE), nothing appended', async () => {
    const { engine, id } = await resolved('2025-07-01');
    const before = (await engine.history(id)).length;
    const err = await engine.execute(cmd(id, { type: 'ReturnResult', method: 'counter', place: B, at: vn('2025-07-01T14:00') } as CommandBody)).catch((e) => e);
    expect(err).toBeInstanceOf(MotcuaError);
    expect(err.code).toBe('RULE_VIOLATION');
    expect(err.rule).toBe('RETURN_ELSEWHERE');
    expect((await engine.history(id)).length).toBe(before);
  });

  it('30/06/2025 (2018 pack): no such rule — the place is whatever the officer records', async () => {
    const { engine, id } = await resolved('2025-06-30');
    const r = await engine.execute(cmd(id, { type: 'ReturnResult', method: 'counter', place: B, at: vn('2025-06-30T14:00') } as CommandBody));
    expect(r.state.returned).toMatchObject({ place: B });
    expect(r.state.returned!.elsewhere).toBeUndefined();
  });
});

describe('two-tier local government: the district level ends on 30/06/2025', () => {
  const district = defineProcedure({
    code: '1.004203',
    name: { vi: 'Chuyển mục đích sử dụng đất', en: 'Change of land use' },
    field: { code: 'DD', name: 'Đất đai' },
    level: 'district',
    agency: { code: 'UBND-HUYEN', name: 'UBND cấp huyện' },
    timeLimit: { statutory: { unit: 'workingDays', value: 15 } },
    validFrom: '2019-01-01',
  });
  const catalog = createCatalog({ procedures: [district] });

  it('a district version is in force on 30/06/2025 and not on 01/07/2025 (new dossiers refused, UNKNOWN_PROCEDURE)', async () => {
    expect(catalog.resolve('1.004203', '2025-06-30').level).toBe('district');
    expect(() => catalog.resolve('1.004203', '2025-07-01')).toThrow(expect.objectContaining({ code: 'UNKNOWN_PROCEDURE' }));
    const engine = createEngine({ store: new InMemoryEventStore(), catalog, policy: 'none' });
    const body = { type: 'ReceiveDossier', procedureCode: '1.004203', unit: A, applicant, channel: 'direct' } as CommandBody;
    await expect(engine.execute(cmd(uuidv7(), { ...body, at: vn('2025-06-30T10:00') } as CommandBody))).resolves.toBeTruthy();
    await expect(engine.execute(cmd(uuidv7(), { ...body, at: vn('2025-07-01T10:00') } as CommandBody))).rejects.toMatchObject({ code: 'UNKNOWN_PROCEDURE' });
  });

  it('the sample catalog continues the land procedure at province level from 01/07/2025', () => {
    const samples = newEngine().engine.catalog;
    expect(samples.resolve('1.003003', '2025-06-30')).toMatchObject({ version: '1', level: 'district' });
    expect(samples.resolve('1.003003', '2025-07-01')).toMatchObject({ version: '2', level: 'province' });
  });
});
