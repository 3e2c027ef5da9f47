import { randomBytes } from 'node:crypto';

export interface RunningSandboxes {
  /** One line per sandbox for the start banner. */
  lines: string[];
  stop(): Promise<void>;
}

const OFF = new Set(['off', 'false', '0', 'no']);

/**
 * The built-in demo systems `npm start` runs when no real one is configured: a sandbox Odoo and a
 * sandbox planning platform on free loopback ports, and with the Odoo an EDI supplier on the Supplier
 * EDI tab's folders. Each starts only when its URL variable is unset
 * (PLANBRIDGE_ODOO_URL, PLANBRIDGE_PLANNING_URL) and PLANBRIDGE_SANDBOX is not "off"; it then sets the
 * variables the shipped flows and the credentials template read. Loaded lazily: a production start
 * never loads the sandbox code.
 */
export async function startSandboxes(env: NodeJS.ProcessEnv): Promise<RunningSandboxes> {
  const stops: Array<() => Promise<void>> = [];
  const lines: string[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s();
  };
  if (OFF.has((env.PLANBRIDGE_SANDBOX ?? '').toLowerCase())) return { lines, stop };
  let odooStarted = false;
  let planningStarted = false;
  try {
    if (!env.PLANBRIDGE_ODOO_URL) {
      const { startOdooSandbox } = await import('../sandbox/odoo');
      const version = Number(env.PLANBRIDGE_SANDBOX_ODOO_VERSION || 19) as 16 | 17 | 18 | 19 | 20;
      const odoo = await startOdooSandbox({
        version,
        port: Number(env.PLANBRIDGE_SANDBOX_ODOO_PORT || 0),
        products: Number(env.PLANBRIDGE_SANDBOX_PRODUCTS || 200),
        seed: Number(env.PLANBRIDGE_SANDBOX_SEED || 42),
        historyDays: Number(env.PLANBRIDGE_SANDBOX_HISTORY_DAYS || 365),
      });
      stops.push(() => odoo.stop());
      odooStarted = true;
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
      const planning = await startPlanningSandbox({
        port: Number(env.PLANBRIDGE_SANDBOX_PLANNING_PORT || 0),
      });
      stops.push(() => planning.stop());
      planningStarted = true;
      env.PLANBRIDGE_PLANNING_URL = planning.url;
      env.PLANBRIDGE_PLANNING_TOKEN = planning.token;
      lines.push(`sandbox planning platform: ${planning.url}`);
    }
    // With the demo Odoo, a supplier answers the Supplier EDI tab's orders through its two folders.
    if (odooStarted && env.PLANBRIDGE_EDI_OUTBOX && env.PLANBRIDGE_EDI_INBOX) {
      const { startEdiSandbox } = await import('../sandbox/edi');
      const edi = await startEdiSandbox({ inbox: env.PLANBRIDGE_EDI_OUTBOX, outbox: env.PLANBRIDGE_EDI_INBOX, seed: Number(env.PLANBRIDGE_SANDBOX_SEED || 42) });
      stops.push(() => edi.stop());
      lines.push(`sandbox EDI supplier (X12 004010, as SUP-0001): reads ${env.PLANBRIDGE_EDI_OUTBOX}, answers into ${env.PLANBRIDGE_EDI_INBOX}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  // With both demo systems the shipped export runs once at start, so the dashboard fills at once.
  if (odooStarted && planningStarted) env.PLANBRIDGE_DEMO = 'true';
  return { lines, stop };
}
