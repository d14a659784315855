/**
 * What the engine accepts for fees and instant procedures:
 * - a payment settles the fee notified (NĐ 61/2018 Đ22: status 6 lasts until the applicant pays); less is
 *   `FEE_UNDERPAID`, nothing appended, the dossier still waiting; the amount itself or more is accepted;
 * - a fee notice whose total is not a safe integer is `VALIDATION_FAILED` on `items` (it would store an event that
 *   breaks its own schema);
 * - `HandleInstantly` on a procedure that is not instant is `NOT_INSTANT_PROCEDURE` naming it, before a dossier code
 *   is reserved (no gap in the unit's numbering).
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { dossierCodeSequenceKey, eventSchemas, type CommandBody, type MotcuaError, type RuleViolationError } from '@motcua/core';
import { applicant, cmd, newEngine, unit, vn } from './helpers';

async function waitingForFee(totalItems: number[]) {
  const { engine, store } = newEngine();
  const id = uuidv7();
  await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') } as CommandBody));
  await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2025-10-06T10:00') } as CommandBody));
  await engine.execute(
    cmd(id, { type: 'RequestFee', items: totalItems.map((amountVnd, i) => ({ name: `Lệ phí ${i + 1}`, amountVnd })), at: vn('2025-10-06T11:00') } as CommandBody),
  );
  return { engine, store, id };
}
const pay = (amountVnd: number, at = '2025-10-07T09:00') => ({ type: 'RecordFeePayment', amountVnd, method: 'counter', at: vn(at) }) as CommandBody;
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: MotcuaError) => e,
  );

describe('fees', () => {
  it('0 VND and 49,999 VND of a 50,000 VND fee are FEE_UNDERPAID: nothing appended, still waiting (status 6); 50,000 settles it', async () => {
    const { engine, id } = await waitingForFee([30_000, 20_000]);
    for (const amount of [0, 1, 49_999]) {
      const before = (await engine.history(id)).length;
      const e = (await refusal(engine.execute(cmd(id, pay(amount))))) as RuleViolationError;
      expect(e?.rule, `${amount} VND`).toBe('FEE_UNDERPAID');
      expect(e.issues[0]!.path).toEqual(['amountVnd']);
      expect((await engine.history(id)).length).toBe(before);
      expect((await engine.get(id)).nationalStatus).toBe(6);
    }
    const paid = await engine.execute(cmd(id, pay(50_000)));
    expect(paid.state.topLevel).toBe('processing');
  });

  it('more than the fee is accepted (the counter gives change)', async () => {
    const { engine, id } = await waitingForFee([50_000]);
    expect((await engine.execute(cmd(id, pay(60_000)))).state.fees.paid.map((p) => p.amountVnd)).toEqual([60_000]);
  });

  it('a second fee notice is settled by its own total', async () => {
    const { engine, id } = await waitingForFee([50_000]);
    await engine.execute(cmd(id, pay(50_000)));
    await engine.execute(cmd(id, { type: 'RequestFee', items: [{ name: 'Phí bổ sung', amountVnd: 120_000 }], at: vn('2025-10-07T10:00') } as CommandBody));
    expect(((await refusal(engine.execute(cmd(id, pay(50_000, '2025-10-07T11:00'))))) as RuleViolationError)?.rule).toBe('FEE_UNDERPAID');
    expect((await engine.execute(cmd(id, pay(120_000, '2025-10-07T11:00')))).state.topLevel).toBe('processing');
  });

  it('a fee notice whose total is not a safe integer is VALIDATION_FAILED on items; every accepted one stores a FeeRequested its schema accepts', async () => {
    const { engine, id } = await waitingForFee([50_000]);
    await engine.execute(cmd(id, pay(50_000)));
    const before = (await engine.history(id)).length;
    const e = await refusal(
      engine.execute(
        cmd(id, {
          type: 'RequestFee',
          items: [
            { name: 'a', amountVnd: Number.MAX_SAFE_INTEGER },
            { name: 'b', amountVnd: 2 },
          ],
          at: vn('2025-10-07T10:00'),
        } as CommandBody),
      ),
    );
    expect(e?.code).toBe('VALIDATION_FAILED');
    expect((e as unknown as { issues: { path: (string | number)[] }[] }).issues[0]!.path).toEqual(['items']);
    expect((await engine.history(id)).length).toBe(before);
    for (const event of (await engine.history(id)).filter((x) => x.type === 'FeeRequested')) expect(eventSchemas.FeeRequested.safeParse(event.data).success).toBe(true);
  });
});

describe('HandleInstantly', () => {
  it('on a procedure that is not instant (2.002030): NOT_INSTANT_PROCEDURE naming it, nothing appended, no dossier code taken', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    const e = (await refusal(
      engine.execute(cmd(id, { type: 'HandleInstantly', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') } as CommandBody)),
    )) as RuleViolationError;
    expect(e?.rule).toBe('NOT_INSTANT_PROCEDURE');
    expect(e.message).toContain('2.002030');
    expect(e.issues[0]!.path).toEqual(['procedureCode']);
    expect(await engine.history(id)).toEqual([]);
    expect(await store.nextSequence(dossierCodeSequenceKey(unit.code, '2025-10-06'))).toBe(1);
  });
});
