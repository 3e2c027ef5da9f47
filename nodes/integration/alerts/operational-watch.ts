import { gaugeSources } from '../../lib/metrics';
import { operationalSignals, type HeldConnection } from '../../lib/operational-signals';
import { runtimePart, type PlanbridgeRuntime } from '../../lib/runtime-context';
import { allLedgers } from '../../ledger/registry';
import { readyLedger } from '../../ledger/ready';
import { AuthWatch } from './auth-alerts';
import { LedgerOutages, type LedgerOutage } from './ledger-outages';
import { raiseOperational } from './operational';
import { countByType, recordedAlerts, unrecordedAlerts } from './operational-open';
import { OperationalRecorder } from './operational-recorder';
import { quarantineAlert } from './quarantine-alerts';

/** The runtime's own alerts: refused credentials, quarantined files, unwritable ledgers. */
export interface OperationalWatch {
  recorder: OperationalRecorder;
  outages: LedgerOutages;
  /** The connections followed now, by config node id. */
  auth: Map<string, AuthWatch>;
}

const WATCH = runtimePart('operational watch', () => ({ watch: undefined as OperationalWatch | undefined }));

/**
 * Turns the operational signals (nodes/lib/operational-signals.ts) into alerts in the ledger, once per
 * runtime (nodes/common/kit.ts installs it with the other runtime services).
 */
export function installOperationalWatch(runtime: PlanbridgeRuntime, warn: (text: string) => void): OperationalWatch {
  const holder = runtime.get(WATCH);
  if (holder.watch) return holder.watch;
  const recorder = new OperationalRecorder(runtime, warn);
  const watch: OperationalWatch = {
    recorder,
    outages: new LedgerOutages(
      (configId, work) => recorder.on(configId, work),
      (configId) => recorder.resume(configId),
    ),
    auth: new Map(),
  };
  holder.watch = watch;
  const signals = operationalSignals(runtime);
  signals.on('connection-held', (connection: HeldConnection) => {
    watch.auth.get(connection.id)?.stop();
    watch.auth.set(connection.id, new AuthWatch(connection, (work) => recorder.everywhere(work)));
  });
  signals.on('connection-released', (connection: HeldConnection) => {
    const followed = watch.auth.get(connection.id);
    if (followed?.connection !== connection) return;
    followed.stop();
    watch.auth.delete(connection.id);
  });
  signals.on('file-quarantined', (file) => void recorder.everywhere((ledger) => raiseOperational(ledger, quarantineAlert(file), file.at)));
  signals.on('ledger-state', (state) => watch.outages.changed(state));
  // A scrape never waits for a ledger: one that is down counts what is known in memory (its outage).
  gaugeSources(runtime).operationalAlerts.set('operational watch', async () => {
    const recorded = await Promise.all(
      [...allLedgers(runtime).values()].map((opening) =>
        readyLedger(opening, 0)
          .then(recordedAlerts)
          .catch(() => []),
      ),
    );
    return countByType([...unrecordedAlerts(currentOutages(runtime), Date.now()), ...recorded.flat()]);
  });
  return watch;
}

/** The runtime's watch, if installed. */
export function operationalWatch(runtime: PlanbridgeRuntime): OperationalWatch | undefined {
  return runtime.get(WATCH).watch;
}

/** Outages of the ledgers the flows still have (a ledger node removed while down has no outage to show). */
export function currentOutages(runtime: PlanbridgeRuntime): LedgerOutage[] {
  const ledgers = allLedgers(runtime);
  return (operationalWatch(runtime)?.outages.open() ?? []).filter((o) => ledgers.has(o.configId));
}
