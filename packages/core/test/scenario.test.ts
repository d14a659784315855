import { describe, expect, it } from 'vitest';
import { scenario, sampleCatalog } from '@motcua/core/testkit';
import { applicant, unit, vn } from './helpers';

const receive = { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') } as const;

describe('testkit: given/when/then', () => {
  const spec = scenario({ catalog: sampleCatalog() });

  it('thenEvents / thenState pass for the right outcome', async () => {
    await spec
      .given(receive)
      .when({ type: 'TransferDossier', at: vn('2024-03-04T10:00') })
      .thenEvents(['DossierTransferred']);
    const out = await spec
      .given(receive, { type: 'TransferDossier', at: vn('2024-03-04T10:00') })
      .when({ type: 'Resolve', at: vn('2024-03-05T10:00') })
      .thenState('resolved');
    expect(out.state.nationalStatus).toBe(9);
  });

  it('thenFails checks the code, the rule, and that nothing was appended', async () => {
    const e = await spec
      .given(receive)
      .when({ type: 'ReturnResult', method: 'counter', at: vn('2024-03-04T10:00') })
      .thenFails('INVALID_TRANSITION');
    expect(e.code).toBe('INVALID_TRANSITION');
    await spec
      .given(
        receive,
        { type: 'TransferDossier', at: vn('2024-03-04T10:00') },
        { type: 'IssueApology', reason: 'a', lateUnit: 'b', newDueDate: '2024-03-11', at: vn('2024-03-05T10:00') },
      )
      .when({ type: 'IssueApology', reason: 'again', lateUnit: 'b', newDueDate: '2024-03-12', at: vn('2024-03-06T10:00') })
      .thenFails('RULE_VIOLATION', 'RESCHEDULE_LIMIT');
  });

  it('the helpers themselves fail on a wrong expectation', async () => {
    await expect(
      spec
        .given(receive)
        .when({ type: 'TransferDossier', at: vn('2024-03-04T10:00') })
        .thenEvents(['DossierResolved']),
    ).rejects.toThrow(/Expected events/);
    await expect(
      spec
        .given(receive)
        .when({ type: 'TransferDossier', at: vn('2024-03-04T10:00') })
        .thenState('returned'),
    ).rejects.toThrow(/Expected state/);
    await expect(
      spec
        .given(receive)
        .when({ type: 'TransferDossier', at: vn('2024-03-04T10:00') })
        .thenFails('INVALID_TRANSITION'),
    ).rejects.toThrow(/succeeded/);
  });
});
