import { promises as fs } from 'node:fs';
import path from 'node:path';
import pbHealth from '../../nodes/integration/pb-health';
import pbRunOpen from '../../nodes/integration/pb-run-open';
import { RemoteError } from '../../nodes/lib/errors';
import type { FlowRow } from '../../nodes/integration/health/flow-verdicts';
import type { HealthSummary } from '../../nodes/integration/health/summary';
import type { LedgerMessage } from '../../nodes/ledger/ledger';
import { nextMessage, node, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';
import { repoRoot } from '../helpers/runtime-process';

const helper = useNodeRed();
const viewer = { username: 'victor', roles: ['viewer'] };

type FlowsNode = { id: string; type: string; [key: string]: unknown };

/** The shipped flows' tabs, as flows/flows.json has them, catalogue included. */
async function shippedTabs(): Promise<FlowsNode[]> {
  const flows = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as FlowsNode[];
  return flows.filter((n) => n.type === 'tab');
}

describe('pb-health: the Flows section', () => {
  let tabs: FlowsNode[];
  const ledgerFiles: Array<Awaited<ReturnType<typeof tempLedgerFile>>> = [];

  beforeAll(async () => {
    tabs = await shippedTabs();
  });
  afterAll(async () => {
    for (const file of ledgerFiles) await file.cleanup();
  });

  /** The shipped tabs, a tab without a catalogue, and a few nodes on them, on a fresh ledger. */
  async function load() {
    const ledgerFile = await tempLedgerFile();
    ledgerFiles.push(ledgerFile);
    await helper.load(
      [...reliabilityNodes, pbRunOpen, pbHealth],
      [
        ...tabs,
        { id: 'tab-scratch', type: 'tab', label: 'Scratch', env: [] },
        ledgerConfigNode(ledgerFile.file),
        {
          id: 'export-open',
          type: 'pb-run-open',
          z: 'tab-nightly-export',
          ledger: 'ledger',
          kind: 'nightly export',
          parts: 'item',
          idPath: 'run_id',
          slaMinutes: '60',
          wires: [[], []],
        },
        { id: 'execute-track', type: 'pb-track', z: 'tab-execute-approved', ledger: 'ledger', wires: [[], []] },
        { id: 'health', type: 'pb-health', z: 'tab-dashboard', ledger: 'ledger', window: '24', wires: [['page']] },
        { id: 'page', type: 'helper', z: 'tab-dashboard' },
      ],
    );
    return ledgerOf();
  }

  async function refresh(): Promise<HealthSummary> {
    const answered = nextMessage<LedgerMessage>('page');
    node('health').receive({ topic: 'refresh', payload: {}, _client: { socketId: 's', user: viewer } });
    return (await answered).payload as HealthSummary;
  }

  it('shows each deployed flow with its catalogue entry and its verdict, from the shipped flows', async () => {
    const ledger = await load();
    // The export ran last night within its level; an execution failed and waits in the dead letters.
    await ledger.runs.open({
      id: 'export-1',
      kind: 'nightly export',
      flowId: 'tab-nightly-export',
      startNode: 'export-open',
      parts: ['item'],
      msg: {},
      dueInMs: 3_600_000,
    });
    await ledger.runs.partDone('export-1', 'item', null);
    await ledger.runs.close('export-1', 'plan P-1');
    const msg: LedgerMessage = { payload: { recommendation: 'R-1' } };
    await ledger.track(msg, 'execute-track', 'tab-execute-approved', null);
    await ledger.fail(msg, new RemoteError('ODOO_UNAVAILABLE', 'Odoo answered HTTP 503', { system: 'odoo', retryable: true }), {
      id: 'execute-track',
      type: 'pb-track',
      z: 'tab-execute-approved',
    });

    // A supplier file's document went through a moment ago (counted before the ledger writes its counts).
    const delivered: LedgerMessage = { payload: { document: 'ASN-1' } };
    await ledger.track(delivered, 'execute-track', 'tab-supplier-edi', null);
    await ledger.complete(delivered, 'execute-track', 'tab-supplier-edi', null);

    const { flows } = await refresh();
    const byTab = new Map<string, FlowRow>(flows.map((f) => [f.tab, f]));
    expect(flows.map((f) => f.tab)).toEqual([...tabs.map((t) => t.id), 'tab-scratch']);
    for (const tab of tabs) {
      const env = new Map((tab.env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
      expect(byTab.get(tab.id)).toMatchObject({
        label: tab.label,
        owner: env.get('PLANBRIDGE_OWNER'),
        serviceLevel: env.get('PLANBRIDGE_SERVICE_LEVEL'),
        validationPolicy: env.get('PLANBRIDGE_VALIDATION_POLICY'),
        exceptionPath: env.get('PLANBRIDGE_EXCEPTION_PATH'),
        missing: [],
      });
    }
    expect(byTab.get('tab-nightly-export')).toMatchObject({
      verdict: 'meets',
      reason: expect.stringMatching(/^last run nightly export closed \d\d:\d\d, within its level$/),
    });
    expect(byTab.get('tab-execute-approved')).toMatchObject({ verdict: 'at risk', reason: '1 open dead letter', openDeadLetters: 1 });
    expect(byTab.get('tab-supplier-edi')).toMatchObject({ verdict: 'meets', reason: expect.stringMatching(/^1 message delivered since /) });
    expect(byTab.get('tab-operational-exceptions')).toMatchObject({ verdict: 'no data yet', reason: 'no run and no tracked message on this flow yet' });
    expect(byTab.get('tab-scratch')).toMatchObject({ verdict: 'not catalogued', reason: 'not catalogued: no owner, no service level', owner: null });
  });

  it('answers the same rows on GET /planbridge/catalogue', async () => {
    const ledger = await load();
    await ledger.runs.open({
      id: 'export-2',
      kind: 'nightly export',
      flowId: 'tab-nightly-export',
      startNode: 'export-open',
      parts: ['item'],
      msg: {},
      dueInMs: -1,
    });
    const { flows } = await refresh();
    const answer = await helper.request().get('/planbridge/catalogue').expect(200);
    const body = answer.body as { generatedAt: number; flows: FlowRow[] };
    expect(body.flows.map((f) => [f.tab, f.owner, f.verdict])).toEqual(flows.map((f) => [f.tab, f.owner, f.verdict]));
    expect(body.flows.find((f) => f.tab === 'tab-nightly-export')).toMatchObject({
      verdict: 'missed',
      reason: expect.stringMatching(/^run nightly export open for \d+ min/),
    });
  });
});
