import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import { overview, type OverviewTargets } from './overview/summary';
import { ledgerOfNode } from './reliability/ledger-node';

interface OverviewDef extends NodeDef {
  ledger: string;
  importBy: string;
  decideWithinHours: string;
  resolveWithinHours: string;
  executeWithinHours: string;
}

const LIMIT = 20_000;

function positive(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function startOfDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbOverview(this: Node, def: OverviewDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const targets: OverviewTargets = {
      importBy: /^\d{1,2}:\d{2}$/.test((def.importBy ?? '').trim()) ? def.importBy.trim() : '06:00',
      decideWithinHours: positive(def.decideWithinHours, 24),
      resolveWithinHours: positive(def.resolveWithinHours, 8),
      executeWithinHours: positive(def.executeWithinHours, 1),
    };

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const ledger: Ledger = await opening;
        const now = ledger.now();
        const dayStart = startOfDay(now);
        const [recent, pending, approved, openAlerts] = await Promise.all([
          ledger.approvals.list({ sort: 'received_at', descending: true, limit: LIMIT }),
          ledger.approvals.list({ status: 'pending', limit: LIMIT }),
          ledger.approvals.list({ status: ['approved', 'edited'], sort: 'received_at', descending: true, limit: LIMIT }),
          ledger.alerts.list({ status: ['open', 'acknowledged'], limit: LIMIT }),
        ]);
        msg.payload = overview({
          now,
          dayStart,
          today: recent.filter((r) => r.receivedAt >= dayStart),
          pending,
          waitingExecution: approved.filter((r) => r.executedAt === null),
          openAlerts,
          importFailing: openAlerts.some((a) => a.type === 'forecast_import'),
          targets,
        });
        return { send: msg, status: `${openAlerts.length} open exceptions` };
      });
    });
  }

  RED.nodes.registerType('pb-overview', PbOverview);
}
