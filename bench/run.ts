import { benchAlerts } from './alerts.bench';
import { benchEdi } from './edi.bench';
import { benchEdiFlow } from './edi-flow.bench';
import { startEmbeddedRuntime } from './lib/embedded-runtime';
import { benchLedger } from './ledger.bench';
import { benchOdoo } from './odoo.bench';
import { benchPlanning } from './planning.bench';
import { benchValidate } from './validate.bench';

/** `npm run bench`: every benchmark prints its figures as ratios to a baseline measured in the same run. */
async function main(): Promise<void> {
  const only = process.argv[2];
  console.log(`planbridge benchmarks, node ${process.version}, ${new Date().toISOString()}`);
  // The EDI parse needs no Node-RED: it runs before the runtime starts, so its RSS figures are the parser's.
  if (!only || only === 'edi') await benchEdi();
  if (only === 'edi') return;
  const runtime = await startEmbeddedRuntime();
  try {
    if (!only || only === 'validate') await benchValidate(runtime);
    if (!only || only === 'ledger') await benchLedger(runtime);
    if (!only || only === 'odoo') await benchOdoo(runtime);
    if (!only || only === 'planning') await benchPlanning(runtime);
    if (!only || only === 'alerts') await benchAlerts(runtime);
    if (!only || only === 'edi-flow') await benchEdiFlow(runtime);
  } finally {
    await runtime.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
