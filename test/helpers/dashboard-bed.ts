import { once } from 'node:events';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOdooSandbox, type OdooSandbox } from '../../sandbox/odoo';
import { startPlanningSandbox, type PlanningSandbox } from '../../sandbox/planning';
import { adminLogin, repoRoot, runCli, startRuntimeProcess, type AdminApi, type RuntimeProcess } from './runtime-process';

/** Debian's Chromium, which .ci/run installs; browser suites say they were skipped when it is missing. */
export const CHROMIUM = process.env.PLANBRIDGE_CHROMIUM || '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** The Operational exceptions tab's Odoo webhook secret in these tests. */
export const WEBHOOK_TOKEN = 'dashboard-webhook-token-0123456789';

export const PASSWORDS = { admin: 'dashboard-admin-password', paul: 'dashboard-planner-pass', vera: 'dashboard-viewer-pass', anna: 'dashboard-analyst-pass' };

export interface Approval {
  recommendation_id: string;
  plan_version: number;
  type: 'purchase' | 'transfer';
  sku: string;
  quantity: number;
  status: string;
  approved_qty: number | null;
  decided_by: string | null;
  executed: boolean;
}

/**
 * The product as a user meets it: sandbox Odoo and planning platform, the runtime started as
 * `npm start` starts it with the shipped flows (triggers pulled by the test), users of each role, and
 * a first night's export and import done, so the approvals inbox is full.
 */
export class DashboardBed {
  odoo!: OdooSandbox;
  planning!: PlanningSandbox;
  runtime!: RuntimeProcess;
  admin!: AdminApi;
  userDir!: string;

  async start(): Promise<void> {
    this.odoo = await startOdooSandbox({ version: 19, products: 80, warehouses: 3, historyDays: 200, seed: 11, db: 'sandbox' });
    this.planning = await startPlanningSandbox({ token: 'dashboard-token' });
    this.userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-dashboard-'));
    const flows = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<Record<string, unknown>>;
    for (const n of flows) {
      if (n.type === 'inject') Object.assign(n, { once: false, repeat: '', crontab: '' });
      if (n.type === 'ledger-config') n.leaseSeconds = '3';
    }
    await fs.writeFile(path.join(this.userDir, 'flows.json'), JSON.stringify(flows));
    await fs.copyFile(path.join(repoRoot, 'flows', 'credentials.template.json'), path.join(this.userDir, 'credentials.template.json'));
    const env = {
      PLANBRIDGE_USER_DIR: this.userDir,
      PLANBRIDGE_FLOWS_FILE: path.join(this.userDir, 'flows.json'),
      PLANBRIDGE_ADMIN_PASSWORD: PASSWORDS.admin,
      PLANBRIDGE_MQTT_PORT: '0',
      PLANBRIDGE_ODOO_URL: this.odoo.url,
      PLANBRIDGE_ODOO_DB: this.odoo.db,
      PLANBRIDGE_ODOO_LOGIN: this.odoo.control.integration.login,
      PLANBRIDGE_ODOO_API_KEY: this.odoo.control.integration.apiKey,
      PLANBRIDGE_PLANNING_URL: this.planning.url,
      PLANBRIDGE_PLANNING_TOKEN: this.planning.token,
      PLANBRIDGE_ODOO_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    };
    for (const [name, role] of [
      ['paul', 'planner'],
      ['vera', 'viewer'],
      ['anna', 'analyst'],
    ] as const) {
      const added = await runCli(['user', 'add', name, '--role', role], { ...env, PLANBRIDGE_NEW_PASSWORD: PASSWORDS[name] });
      if (added.code !== 0) throw new Error(added.output);
    }
    this.runtime = await startRuntimeProcess(env);
    this.admin = await adminLogin(this.runtime.url, 'admin', PASSWORDS.admin);
    const planned = once(this.planning.control.events, 'plan');
    await this.inject('ne-now');
    await planned;
    const expected = this.planning.control.latestPlan()?.counts.recommendations ?? 0;
    await this.inject('ir-every');
    await this.until(async () => (await this.approvals()).length === expected && expected > 0, 'the approvals inbox filled');
  }

  async stop(): Promise<void> {
    await this.runtime?.stop('SIGTERM');
    await this.planning?.stop();
    await this.odoo?.stop();
    if (this.userDir) await fs.rm(this.userDir, { recursive: true, force: true });
  }

  async inject(id: string): Promise<void> {
    const response = await this.admin.post(`/inject/${id}`, {});
    if (response.status !== 200) throw new Error(`inject ${id}: HTTP ${response.status}`);
  }

  async approvals(): Promise<Approval[]> {
    return ((await (await this.admin.get('/planbridge/approvals?status=all&limit=5000')).json()) as { approvals: Approval[] }).approvals;
  }

  /** Re-checks on the planner's and Odoo's activity and at least every 200 ms; fails after `ms`. */
  until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      let busy = false;
      const stop = (): void => {
        clearInterval(timer);
        clearTimeout(deadline);
        this.planning.control.events.off('call', probe);
      };
      const probe = (): void => {
        if (busy) return;
        busy = true;
        check().then(
          (ok) => {
            busy = false;
            if (ok) {
              stop();
              resolve();
            }
          },
          (err: unknown) => {
            stop();
            reject(err);
          },
        );
      };
      const timer = setInterval(probe, 200);
      const deadline = setTimeout(() => {
        stop();
        reject(new Error(`timed out waiting for: ${what}`));
      }, ms);
      this.planning.control.events.on('call', probe);
      probe();
    });
  }

  /** Odoo purchase lines and transfer moves made from recommendations, by `<id>@<version>` tag. */
  odooQuantities(): Map<string, number> {
    const rows = (model: string) => this.odoo.control.database.store(model).records as Array<Record<string, unknown> & { id: number }>;
    const tag = (text: unknown): string => /\[([^\]]+)\]/.exec(String(text))?.[1] ?? '';
    const quantities = new Map<string, number>();
    for (const line of rows('purchase.order.line')) if (tag(line.name)) quantities.set(tag(line.name), line.product_qty as number);
    for (const move of rows('stock.move')) if (tag(move.origin)) quantities.set(tag(move.origin), move.product_uom_qty as number);
    return quantities;
  }
}
