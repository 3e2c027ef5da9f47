import { randomBytes } from 'node:crypto';

export interface RunningSandboxes {
  /** One line per sandbox for the start banner. */
  lines: string[];
  /**
   * Once the runtime listens at `url` (what a process on this machine can reach): points the sandboxes'
   * pushes at the runtime's webhooks. Answers what it subscribed, for the log.
   */
  listening(url: string): string[];
  stop(): Promise<void>;
}

/**
 * Where the sandbox WMS pushes: stock events to the shipped wms-stock node (Operational exceptions);
 * confirmations to the path a wms-transfer node in confirmations mode would use (no shipped flow has one yet).
 */
export const WMS_PUSH_PATHS = { stock_events: 'planbridge/wms/stock-events', confirmations: 'planbridge/wms/confirmations' } as const;

const OFF = new Set(['off', 'false', '0', 'no']);

/** Starts a sandbox on the port asked for; when that one is taken, on a free one (and says so). */
async function onPort<T>(what: string, requested: number, start: (port: number) => Promise<T>, lines: string[]): Promise<T> {
  try {
    return await start(requested);
  } catch (err) {
    if (!requested || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    lines.push(`port ${requested} is taken: the ${what} listens on a free port instead`);
    return start(0);
  }
}

/**
 * The built-in demo systems `npm start` runs when no real one is configured: a sandbox Odoo, a sandbox
 * planning platform and a sandbox WMS on free loopback ports, and with the Odoo an EDI supplier on the
 * Supplier EDI tab's folders. Each starts only when its URL variable is unset (PLANBRIDGE_ODOO_URL,
 * PLANBRIDGE_PLANNING_URL, PLANBRIDGE_WMS_URL) and PLANBRIDGE_SANDBOX is not "off"; it then sets the
 * variables the shipped flows and the credentials template read. Loaded lazily: a production start
 * never loads the sandbox code.
 */
export async function startSandboxes(env: NodeJS.ProcessEnv): Promise<RunningSandboxes> {
  const stops: Array<() => Promise<void>> = [];
  const lines: string[] = [];
  const onListening: Array<(url: string) => string[]> = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s();
  };
  const listening = (url: string): string[] => onListening.flatMap((f) => f(url));
  if (OFF.has((env.PLANBRIDGE_SANDBOX ?? '').toLowerCase())) return { lines, listening, stop };
  let planningStarted = false;
  let odooSandbox: import('../sandbox/odoo').OdooSandbox | undefined;
  try {
    if (!env.PLANBRIDGE_ODOO_URL) {
      const { startOdooSandbox } = await import('../sandbox/odoo');
      const version = Number(env.PLANBRIDGE_SANDBOX_ODOO_VERSION || 19) as 16 | 17 | 18 | 19 | 20;
      const odoo = await onPort(
        'sandbox Odoo',
        Number(env.PLANBRIDGE_SANDBOX_ODOO_PORT || 0),
        (port) =>
          startOdooSandbox({
            version,
            port,
            products: Number(env.PLANBRIDGE_SANDBOX_PRODUCTS || 200),
            seed: Number(env.PLANBRIDGE_SANDBOX_SEED || 42),
            historyDays: Number(env.PLANBRIDGE_SANDBOX_HISTORY_DAYS || 365),
          }),
        lines,
      );
      stops.push(() => odoo.stop());
      odooSandbox = odoo;
      env.PLANBRIDGE_ODOO_URL = odoo.url;
      env.PLANBRIDGE_ODOO_DB = odoo.db;
      env.PLANBRIDGE_ODOO_LOGIN = odoo.control.integration.login;
      env.PLANBRIDGE_ODOO_API_KEY = odoo.control.integration.apiKey;
      // The shipped webhook endpoint needs a token; the sandbox sends none (the poll does the work), but
      // the endpoint is ready for a webhook rule pointed at it.
      env.PLANBRIDGE_ODOO_WEBHOOK_TOKEN ||= randomBytes(24).toString('base64url');
      lines.push(`sandbox Odoo ${version}: ${odoo.url} (db ${odoo.db}, admin ${odoo.login} / ${odoo.password})`);
    }
    if (!env.PLANBRIDGE_PLANNING_URL) {
      const { startPlanningSandbox } = await import('../sandbox/planning');
      const planning = await onPort(
        'sandbox planning platform',
        Number(env.PLANBRIDGE_SANDBOX_PLANNING_PORT || 0),
        (port) => startPlanningSandbox({ port }),
        lines,
      );
      stops.push(() => planning.stop());
      planningStarted = true;
      env.PLANBRIDGE_PLANNING_URL = planning.url;
      env.PLANBRIDGE_PLANNING_TOKEN = planning.token;
      lines.push(`sandbox planning platform: ${planning.url}`);
    }
    if (!env.PLANBRIDGE_WMS_URL) {
      const [{ startWmsSandbox }, seed] = await Promise.all([import('../sandbox/wms'), import('./sandbox-wms')]);
      // With the sandbox Odoo: its products and warehouses, and its stock with a few differences, so a
      // reconciliation compares like with like and finds something. Without it: the WMS's own demo data.
      const seeded = odooSandbox ? seed.withDifferences(seed.odooStock(odooSandbox)) : undefined;
      const catalogue = odooSandbox ? seed.odooCatalogue(odooSandbox) : undefined;
      const wms = await onPort(
        'sandbox WMS',
        Number(env.PLANBRIDGE_SANDBOX_WMS_PORT || 0),
        (port) =>
          startWmsSandbox({
            port,
            seed: Number(env.PLANBRIDGE_SANDBOX_SEED || 42),
            ...(catalogue ? { skus: catalogue.skus, locations: catalogue.locations } : {}),
            ...(seeded ? { stock: seeded.stock } : {}),
            // Transfers sent to the WMS are confirmed a few seconds later, as a warehouse would.
            confirmAfterMs: 5_000,
          }),
        lines,
      );
      stops.push(() => wms.stop());
      env.PLANBRIDGE_WMS_URL = wms.url;
      env.PLANBRIDGE_WMS_AUTH = 'apikey';
      env.PLANBRIDGE_WMS_API_KEY = wms.apiKey;
      env.PLANBRIDGE_WMS_CLIENT_ID = wms.clientId;
      env.PLANBRIDGE_WMS_CLIENT_SECRET = wms.clientSecret;
      env.PLANBRIDGE_WMS_PUSH_SECRET = wms.subscriberSecret;
      const differences = seeded ? `, Odoo's stock with ${seeded.differences.length} differences` : '';
      lines.push(`sandbox WMS: ${wms.url} (${wms.control.stock().length} stock rows${differences})`);
      onListening.push((url) => {
        for (const [topic, path] of Object.entries(WMS_PUSH_PATHS)) wms.control.subscribe(topic as keyof typeof WMS_PUSH_PATHS, `${url}/${path}`);
        return [`sandbox WMS pushes stock events and confirmations to ${url}/planbridge/wms/`];
      });
    }
    // With the demo Odoo, a supplier answers the Supplier EDI tab's orders through its two folders.
    if (odooSandbox && env.PLANBRIDGE_EDI_OUTBOX && env.PLANBRIDGE_EDI_INBOX && !OFF.has((env.PLANBRIDGE_SANDBOX_EDI ?? '').toLowerCase())) {
      const { startEdiSandbox } = await import('../sandbox/edi');
      const edi = await startEdiSandbox({
        inbox: env.PLANBRIDGE_EDI_OUTBOX,
        outbox: env.PLANBRIDGE_EDI_INBOX,
        seed: Number(env.PLANBRIDGE_SANDBOX_SEED || 42),
      });
      stops.push(() => edi.stop());
      lines.push(`sandbox EDI supplier (X12 004010, as SUP-0001): reads ${env.PLANBRIDGE_EDI_OUTBOX}, answers into ${env.PLANBRIDGE_EDI_INBOX}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  // With the demo Odoo and planning platform the shipped export runs once at start, so the dashboard fills at once.
  if (odooSandbox && planningStarted) env.PLANBRIDGE_DEMO = 'true';
  return { lines, listening, stop };
}
