import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ledgerConfig from '../../nodes/ledger/ledger-config';
import type { LedgerConfigNode } from '../../nodes/ledger/ledger-config';
import type { Ledger } from '../../nodes/ledger/ledger';
import pbAudit from '../../nodes/integration/pb-audit';
import pbComplete from '../../nodes/integration/pb-complete';
import pbDeadLetter from '../../nodes/integration/pb-dead-letter';
import pbDedupe from '../../nodes/integration/pb-dedupe';
import pbReplay from '../../nodes/integration/pb-replay';
import pbTrack from '../../nodes/integration/pb-track';
import restConfig from '../../nodes/rest/rest-config';
import restRequest from '../../nodes/rest/rest-request';
import { node } from './node-red';

export const reliabilityNodes = [ledgerConfig, pbTrack, pbComplete, pbDedupe, pbDeadLetter, pbReplay, pbAudit, restConfig, restRequest];

export async function tempLedgerFile(): Promise<{ file: string; cleanup(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-flow-'));
  return { file: path.join(dir, 'ledger.db'), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export function ledgerConfigNode(file: string, fields: object = {}) {
  return { id: 'ledger', type: 'ledger-config', engine: 'sqlite', file, leaseSeconds: '30', ...fields };
}

export function restConfigNode(baseUrl: string, fields: object = {}) {
  return {
    id: 'rest',
    type: 'rest-config',
    name: 'target',
    baseUrl,
    timeoutMs: '2000',
    authType: 'none',
    attempts: '4',
    initialDelayMs: '10',
    maxDelayMs: '200',
    breakerThreshold: '50',
    halfOpenAfterMs: '100',
    ...fields,
  };
}

export function ledgerOf(id = 'ledger'): Promise<Ledger> {
  return node<LedgerConfigNode>(id).ledger;
}
