import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { InputError } from '../lib/errors';
import { filterFrom, injectInto } from '../ledger/admin-api';
import type { LedgerMessage } from '../ledger/ledger';
import { replayDeadLetters, type ReplayReport } from '../ledger/replay';
import type { DeadLetterFilter } from '../ledger/store/types';
import { ledgerOfNode } from './reliability/ledger-node';

interface ReplayDef extends NodeDef {
  ledger: string;
  selection: 'all' | 'filter' | 'id';
  errorCode: string;
  nodeFilter: string;
  ratePerSecond: string;
}

interface ReplayRequest {
  ids?: unknown;
  code?: unknown;
  node?: unknown;
  flow?: unknown;
  all?: unknown;
  ratePerSecond?: unknown;
}

/** Which open dead letters a message asks for: msg.payload {ids | code/node/flow | all} or the node's setting. */
export function selectionFrom(def: ReplayDef, request: ReplayRequest): DeadLetterFilter {
  const base: DeadLetterFilter = { state: 'open', oldestFirst: true, limit: 10_000 };
  if (Array.isArray(request.ids)) return { ...base, ids: request.ids.map(String) };
  if (request.code || request.node || request.flow) return { ...filterFrom(request as Record<string, unknown>), ...base };
  if (request.all === true || def.selection === 'all') return base;
  if (def.selection === 'filter') return { ...base, errorCode: def.errorCode || undefined, nodeId: def.nodeFilter || undefined };
  throw new InputError('Name the dead letters to replay: msg.payload.ids, a code/node/flow filter, or all: true', 'REPLAY_SELECTION_MISSING');
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbReplay(this: Node, def: ReplayDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const defaultRate = Number(def.ratePerSecond) > 0 ? Number(def.ratePerSecond) : 5;

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const ledger = await opening;
        const request = (msg.payload && typeof msg.payload === 'object' ? msg.payload : {}) as ReplayRequest;
        const rate = Number(request.ratePerSecond) > 0 ? Number(request.ratePerSecond) : defaultRate;
        const letters = await ledger.deadLetters.list(selectionFrom(def, request));
        const report: ReplayReport = await replayDeadLetters(ledger, letters, {
          ratePerSecond: rate,
          by: `node:${this.id}`,
          inject: injectInto(RED),
          // Letters of untracked messages have no start node: they leave on output 1.
          emit: (letter, replayed) => send([{ ...replayed, deadLetter: { id: letter.id } }, null]),
          onProgress: (r) => this.status({ fill: 'blue', shape: 'dot', text: `${r.replayed + r.alreadyDone + r.skipped}/${r.total}` }),
        });
        msg.payload = report;
        return { send: [null, msg], status: `${report.replayed} replayed, ${report.alreadyDone} already done` };
      });
    });
  }

  RED.nodes.registerType('pb-replay', PbReplay);
}
