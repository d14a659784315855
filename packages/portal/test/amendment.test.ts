/**
 * The applicant's amendment of an online dossier (bổ sung, sửa đổi hồ sơ trực
 * tuyến, NĐ 118/2025 Đ21) keeps the national status (domain §3.2: no row for
 * it; §13 "every status is kept"): nothing is sent to DVCQG for it, and the
 * dossier's portal view keeps its status and its due date. An online dossier
 * of 2.002030 submitted Mon 07/07/2025 08:00 (status 1), accepted at 09:00
 * (2), transferred (4), a supplement requested (5), amended in each.
 */
import { randomUUID } from 'node:crypto';
import { createEngine, dossierStreamId, InMemoryEventStore, type CommandBody } from '@motcua/core';
import { approvalSampleCatalog } from '@motcua/core/testkit';
import { describe, expect, it } from 'vitest';
import { PORTAL_EFFECTS, portalStatusOf, portalUpdateOf } from '../src';
import { INTAKE } from './support/engine';

const amend: CommandBody = { type: 'AmendDossier', description: 'Thay tờ khai đã ký' };

describe('DossierAmended and the national portal', () => {
  it('classified as nothing sent', () => {
    expect(PORTAL_EFFECTS.DossierAmended).toBe('none');
  });

  it('amended in status 1, 2, 4 and 5: no update, the status and the due date stay', async () => {
    const store = new InMemoryEventStore();
    const engine = createEngine({ store, catalog: approvalSampleCatalog(), policy: 'none' });
    const dossierId = randomUUID();
    const exec = (body: CommandBody, local: string) =>
      engine.execute({ ...body, dossierId, commandId: randomUUID(), actor: { id: 'cv-01', role: 'officer' }, at: `${local}:00+07:00` } as never);
    const steps: [CommandBody, number][] = [
      [{ type: 'SubmitOnline', ...INTAKE, channel: 'online' } as CommandBody, 1],
      [{ type: 'ReceiveDossier' }, 2],
      [{ type: 'TransferDossier', mode: 'electronic' }, 4],
      [{ type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'Thiếu' }, 5],
    ];
    let hour = 8;
    for (const [body, status] of steps) {
      const before = (await exec(body, `2025-07-07T${String(hour++).padStart(2, '0')}:00`)).state;
      expect(portalStatusOf(before).status).toBe(status);
      const after = (await exec(amend, `2025-07-07T${String(hour++).padStart(2, '0')}:00`)).state;
      const event = (await store.readStream(dossierStreamId(dossierId))).events.at(-1)!;
      expect(event.type).toBe('DossierAmended');
      expect(portalUpdateOf(event)).toBeUndefined();
      expect(portalStatusOf(after)).toEqual(portalStatusOf(before));
    }
  });
});
