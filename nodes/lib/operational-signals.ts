import { EventEmitter } from 'node:events';
import type { Resilience } from './resilience';
import { runtimePart, type PlanbridgeRuntime } from './runtime-context';

/** A config node that holds a connection to a system (odoo-config, planning-config, wms-config, ...). */
export interface HeldConnection {
  /** The config node's id, type and name. */
  id: string;
  type: string;
  name: string;
  resilience: Resilience;
}

/** A file an inbox set aside instead of handling it. */
export interface QuarantinedFile {
  /** The reading node. */
  source: { id: string; type: string; name?: string };
  /** Whose file: 'edi' for a supplier's interchange. */
  system: string;
  /** The partner (supplier) the folder belongs to. */
  partner: string | null;
  file: string;
  /** The name it has in quarantine/ (a same-named file already there gives -1, -2, ...). */
  kept: string;
  folder: string;
  /** A stable code (EDI_FILE_TOO_LARGE, EDI_FILE_BINARY, ...) and the reason in words. */
  code: string;
  reason: string;
  at: number;
}

/** A ledger went out of reach or cannot write (LEDGER_UNAVAILABLE), or works again. */
export interface LedgerState {
  /** The ledger-config node. */
  configId: string;
  name: string;
  up: boolean;
  reason?: string;
  at: number;
}

interface Events {
  'connection-held': [HeldConnection];
  'connection-released': [HeldConnection];
  'file-quarantined': [QuarantinedFile];
  'ledger-state': [LedgerState];
}

/**
 * What the kit and the connectors tell about planbridge's own ability to work, without knowing who
 * listens: the runtime's operational alerts (nodes/integration/alerts/operational-watch.ts) turn these
 * into alerts. A client never imports node-red or the alerting: its config node's Resilience events and
 * these signals carry what happened.
 */
export class OperationalSignals extends EventEmitter<Events> {
  constructor() {
    super();
    this.setMaxListeners(0);
  }
}

const SIGNALS = runtimePart('operational signals', () => new OperationalSignals());

export function operationalSignals(runtime: PlanbridgeRuntime): OperationalSignals {
  return runtime.get(SIGNALS);
}
