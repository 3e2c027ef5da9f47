import { contractSchemas } from '../../nodes/canonical/contracts';
import { contracts } from '../../nodes/canonical/registry';
import pbApproval from '../../nodes/integration/pb-approval';
import pbApprovalExecuted from '../../nodes/integration/pb-approval-executed';
import pbApprovalRelease from '../../nodes/integration/pb-approval-release';
import { decide } from '../../nodes/integration/approval/service';
import { inboxRow } from '../../nodes/integration/approval/inbox';
import { decisionFrom } from '../../nodes/integration/approval/decisions';
import { nextMessage, node, settled, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();
const example = contractSchemas['replenishment_recommendation@1'].examples[0];

function rec(id: string, overrides: Record<string, unknown> = {}) {
  return { ...example, recommendation_id: id, valid_until: new Date(Date.now() + 86_400_000).toISOString(), ...overrides };
}

describe('pb-approval', () => {
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
  });

  function flow(fields: Record<string, unknown> = {}) {
    return [
      ledgerConfigNode(ledgerFile.file),
      {
        id: 'approval',
        type: 'pb-approval',
        ledger: 'ledger',
        maxValue: '',
        supplierAllowList: '',
        maxChangePercent: '',
        wires: [['approved'], ['decisions']],
        ...fields,
      },
      { id: 'release-node', type: 'pb-approval-release', ledger: 'ledger', wires: [['released']] },
      { id: 'executed-node', type: 'pb-approval-executed', ledger: 'ledger', wires: [['marked']] },
      { id: 'approved', type: 'helper' },
      { id: 'decisions', type: 'helper' },
      { id: 'released', type: 'helper' },
      { id: 'marked', type: 'helper' },
    ] as never;
  }

  it('approves by rule what passes every set rule, and keeps the rest pending', async () => {
    await helper.load([...reliabilityNodes, pbApproval, pbApprovalRelease, pbApprovalExecuted], flow({ maxValue: '500', supplierAllowList: 'SUP-WUERTH' }));
    const approved = nextMessage('approved');
    const decisions = nextMessage('decisions');
    node('approval').receive({ payload: [rec('cheap', { value: 120 }), rec('dear', { value: 9000 }), rec('other', { value: 10, supplier: 'SUP-X' })] });
    const [a, d] = await Promise.all([approved, decisions]);
    expect((a.payload as Array<{ recommendation_id: string }>).map((r) => r.recommendation_id)).toEqual(['cheap']);
    expect(d.payload).toEqual([
      expect.objectContaining({ recommendation_id: 'cheap', decision: 'approved', auto: true, decided_by: 'rule:value<500+supplier-allowed' }),
    ]);
    expect(
      contracts()
        .get('approval_decision@1')
        .check((d.payload as unknown[])[0]),
    ).toEqual([]);
    const ledger = await ledgerOf();
    expect((await ledger.approvals.list({ status: 'pending' })).map((r) => r.recommendationId).sort()).toEqual(['dear', 'other']);
  });

  it('lets nothing through without rules, and carries a planner decision into the flow with the user', async () => {
    await helper.load([...reliabilityNodes, pbApproval, pbApprovalRelease, pbApprovalExecuted], flow());
    const status = settled('approval');
    node('approval').receive({ payload: [rec('R1', { quantity: 3000, unit_cost: 0.15, value: 450 })] });
    await status;
    const ledger = await ledgerOf();
    const approved = nextMessage('approved');
    const decisions = nextMessage('decisions');
    const outcome = await decide(
      ledger,
      decisionFrom({ recommendation_id: 'R1', plan_version: 1, decision: 'edit', quantity: 2500, reason_code: 'budget' }, 'anna.planner', Date.now()),
    );
    expect(outcome.applied).toBe(true);
    const [a, d] = await Promise.all([approved, decisions]);
    expect(a.payload).toEqual([expect.objectContaining({ recommendation_id: 'R1', quantity: 2500, value: 375 })]);
    expect(d.payload).toEqual([expect.objectContaining({ decision: 'edited', approved_qty: 2500, decided_by: 'anna.planner', auto: false })]);

    const again = await decide(ledger, decisionFrom({ recommendation_id: 'R1', plan_version: 1, decision: 'approve' }, 'bob', Date.now()));
    expect(again).toMatchObject({ applied: false, record: { status: 'edited', decidedBy: 'anna.planner' } });
  });

  it('sends approved but unexecuted recommendations, and forgets them once marked executed', async () => {
    await helper.load([...reliabilityNodes, pbApproval, pbApprovalRelease, pbApprovalExecuted], flow({ maxValue: '100000' }));
    const approved = nextMessage('approved');
    node('approval').receive({ payload: [rec('R1'), rec('R2')] });
    await approved;
    const released = nextMessage('released');
    node('release-node').receive({});
    expect(((await released).payload as unknown[]).length).toBe(2);
    const marked = nextMessage('marked');
    node('executed-node').receive({ payload: [{ recommendation_id: 'R1', plan_version: 1, action: 'created', po_id: 7, po_name: 'P00007' }] });
    await marked;
    const again = nextMessage('released');
    node('release-node').receive({});
    expect((await again).payload).toEqual([expect.objectContaining({ recommendation_id: 'R2' })]);
    const ledger = await ledgerOf();
    expect(await ledger.approvals.get('R1', 1)).toMatchObject({ execution: expect.stringContaining('P00007') });
  });

  it('expires recommendations past valid-until and keeps a known one as decided when it arrives again', async () => {
    await helper.load([...reliabilityNodes, pbApproval, pbApprovalRelease, pbApprovalExecuted], flow());
    const done = settled('approval');
    node('approval').receive({ payload: [rec('late', { valid_until: '2026-01-01T00:00:00Z' })] });
    await done;
    const ledger = await ledgerOf();
    expect((await ledger.approvals.expire(Date.now())).map((r) => r.recommendationId)).toEqual(['late']);
    const again = settled('approval');
    node('approval').receive({ payload: [rec('late', { valid_until: '2026-01-01T00:00:00Z' })] });
    await again;
    expect((await ledger.approvals.get('late', 1))?.status).toBe('expired');
  });
});

describe('approval decisions and the inbox', () => {
  it('checks each decision', () => {
    expect(() => decisionFrom({ recommendation_id: 'R', plan_version: 1, decision: 'reject' }, 'u', 0)).toThrow('reason code');
    expect(() => decisionFrom({ recommendation_id: 'R', plan_version: 1, decision: 'edit', quantity: 0 }, 'u', 0)).toThrow('greater than zero');
    expect(() => decisionFrom({ recommendation_id: 'R', plan_version: 1, decision: 'maybe' }, 'u', 0)).toThrow('approve, edit or reject');
    expect(decisionFrom({ recommendation_id: 'R', plan_version: 2, decision: 'reject', reason_code: 'overstock' }, 'anna', 5)).toMatchObject({
      status: 'rejected',
      decidedBy: 'anna',
      reasonCode: 'overstock',
    });
  });

  it('masks cost and value for roles that may not see them', () => {
    const record = {
      recommendationId: 'R',
      planVersion: 1,
      planId: 'P',
      type: 'purchase' as const,
      sku: 'S',
      location: 'L',
      supplier: 'SUP',
      sourceLocation: null,
      quantity: 5,
      uom: 'EA',
      unitCost: 2,
      value: 10,
      currency: 'EUR',
      needBy: '2026-12-01',
      validUntil: 0,
      reason: 'r',
      record: '{}',
      status: 'pending' as const,
      approvedQty: null,
      reasonCode: null,
      note: null,
      decidedBy: null,
      decidedAt: null,
      auto: false,
      receivedAt: 0,
      executedAt: null,
      execution: null,
    };
    expect(inboxRow(record, { username: 'v', roles: ['viewer'] })).toMatchObject({ unit_cost: '***', value: '***', quantity: 5 });
    expect(inboxRow(record, { username: 'p', roles: ['planner'] })).toMatchObject({ unit_cost: 2, value: 10 });
  });
});
