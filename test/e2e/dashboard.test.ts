import { promises as fs } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, DashboardBed, hasChromium, PASSWORDS, WEBHOOK_TOKEN, type Approval } from '../helpers/dashboard-bed';
import { repoRoot } from '../helpers/runtime-process';

const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');

if (!hasChromium) {
  // Said once, so a local run without Chromium shows why these tests did not run; CI installs it.
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set PLANBRIDGE_CHROMIUM)`);
}
const describeBrowser = hasChromium ? describe : describe.skip;

describeBrowser('the business dashboard in Chromium', () => {
  const bed = new DashboardBed();
  let browser: Browser;

  beforeAll(async () => {
    await fs.mkdir(SHOTS, { recursive: true });
    await bed.start();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await bed.stop();
  });

  /** Signs in through the login page, the way a person does, and lands on `pathname`. */
  async function signIn(user: keyof typeof PASSWORDS, pathname: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${bed.runtime.url}${pathname}`);
    await page.waitForURL(/\/login/);
    await page.fill('#username', user);
    await page.fill('#password', PASSWORDS[user]);
    await page.click('#login-submit');
    await page.waitForURL((url) => url.pathname === pathname);
    return page;
  }

  /** Narrows the inbox to one item, as a planner looking for it would, and answers its row. */
  async function rowOf(page: Page, approval: Approval) {
    const filter = page.getByTestId('approvals-filter-sku').locator('input');
    await filter.fill(approval.sku);
    await filter.press('Enter');
    const row = page.getByTestId(`approvals-row-${approval.recommendation_id}`);
    await row.waitFor();
    return row;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  it('lets a planner approve, edit and reject; Odoo gets the approved quantities and the ledger the planner', async () => {
    const pending = (await bed.approvals()).filter((a) => a.status === 'pending' && a.type === 'purchase');
    expect(pending.length).toBeGreaterThanOrEqual(3);
    const [approve, edit, reject] = pending;
    const edited = Math.max(1, Math.floor(edit.quantity / 2));

    const page = await signIn('paul', '/dashboard/approvals');
    await page.getByTestId('approvals-refresh').waitFor();
    await shot(page, 'approvals-planner');
    await rowOf(page, approve);
    // Costs are visible to a planner.
    expect(await page.getByTestId(`approvals-value-${approve.recommendation_id}`).textContent()).not.toContain('***');

    await page.getByTestId(`approvals-approve-${approve.recommendation_id}`).click();
    await page.getByTestId(`approvals-row-${approve.recommendation_id}`).waitFor({ state: 'detached' });

    await rowOf(page, edit);
    await page.getByTestId(`approvals-edit-${edit.recommendation_id}`).click();
    await page.getByTestId('approvals-dialog-quantity').locator('input').fill(String(edited));
    await page.getByTestId('approvals-dialog-confirm').click();
    await page.getByTestId(`approvals-row-${edit.recommendation_id}`).waitFor({ state: 'detached' });

    await rowOf(page, reject);
    await page.getByTestId(`approvals-reject-${reject.recommendation_id}`).click();
    await page.getByTestId('approvals-dialog-reason').click();
    await page.getByRole('option', { name: 'overstock' }).click();
    await page.getByTestId('approvals-dialog-confirm').click();
    await page.getByTestId(`approvals-row-${reject.recommendation_id}`).waitFor({ state: 'detached' });
    await shot(page, 'approvals-after-decisions');

    // The ledger recorded each decision with the signed-in planner.
    const byId = async (): Promise<Map<string, Approval>> => new Map((await bed.approvals()).map((a) => [a.recommendation_id, a]));
    let decided = await byId();
    expect([decided.get(approve.recommendation_id)?.status, decided.get(approve.recommendation_id)?.decided_by]).toEqual(['approved', 'paul']);
    expect([
      decided.get(edit.recommendation_id)?.status,
      decided.get(edit.recommendation_id)?.approved_qty,
      decided.get(edit.recommendation_id)?.decided_by,
    ]).toEqual(['edited', edited, 'paul']);
    expect([decided.get(reject.recommendation_id)?.status, decided.get(reject.recommendation_id)?.decided_by]).toEqual(['rejected', 'paul']);

    // Sandbox Odoo received the approved quantities as RFQ lines, and nothing for the rejection.
    await bed.until(async () => {
      decided = await byId();
      return !!decided.get(approve.recommendation_id)?.executed && !!decided.get(edit.recommendation_id)?.executed;
    }, 'the planner decisions executed in Odoo');
    const odoo = bed.odooQuantities();
    expect(odoo.get(`${approve.recommendation_id}@${approve.plan_version}`)).toBe(approve.quantity);
    expect(odoo.get(`${edit.recommendation_id}@${edit.plan_version}`)).toBe(edited);
    expect(odoo.has(`${reject.recommendation_id}@${reject.plan_version}`)).toBe(false);

    // The overview counts the day.
    await page.goto(`${bed.runtime.url}/dashboard/overview`);
    await page.getByTestId('overview-decisions-value').waitFor();
    expect(await page.getByTestId('overview-decisions-value').textContent()).toMatch(/\d+ received/);
    expect(await page.getByTestId('overview-documents-value').textContent()).toMatch(/[1-9]\d* RFQs/);
    await shot(page, 'overview-planner');
    await page.context().close();
  }, 120_000);

  it('shows a viewer the recommendations read-only, with costs masked, and the server refuses their decisions', async () => {
    const pending = (await bed.approvals()).filter((a) => a.status === 'pending');
    const page = await signIn('vera', '/dashboard/approvals');
    await page.getByTestId('approvals-read-only').waitFor();
    const first = pending[0];
    await rowOf(page, first);
    expect(await page.getByTestId(`approvals-value-${first.recommendation_id}`).textContent()).toBe('***');
    expect(await page.getByTestId(`approvals-approve-${first.recommendation_id}`).isDisabled()).toBe(true);
    await shot(page, 'approvals-viewer');

    // Even a crafted request from the viewer's session is refused on the server.
    const cookies = await page.context().cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const refused = await fetch(`${bed.runtime.url}/api/v1/approvals/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ recommendation_id: first.recommendation_id, plan_version: first.plan_version, decision: 'approve' }),
    });
    expect(refused.status).toBe(403);
    expect((await bed.approvals()).find((a) => a.recommendation_id === first.recommendation_id)?.status).toBe('pending');
    await page.context().close();
  }, 60_000);

  it('lets an analyst replay a dead letter from the health page, which then completes its work; a viewer may not', async () => {
    const [target] = (await bed.approvals()).filter((a) => a.status === 'pending' && a.type === 'purchase');
    // Odoo fails the next call once: the execution of this approval is dead-lettered with the error.
    bed.odoo.control.failNext({ status: 500, count: 1 });
    const decided = await fetch(`${bed.runtime.url}/api/v1/approvals/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`paul:${PASSWORDS.paul}`).toString('base64')}` },
      body: JSON.stringify({ recommendation_id: target.recommendation_id, plan_version: target.plan_version, decision: 'approve' }),
    });
    expect(decided.status).toBe(200);
    type Letter = { id: string; errorCode: string; state: string };
    const openLetters = async (): Promise<Letter[]> =>
      ((await (await bed.admin.get('/planbridge/dead-letters?state=open')).json()) as { deadLetters: Letter[] }).deadLetters;
    await bed.until(async () => (await openLetters()).length === 1, 'the failed execution dead-lettered');
    const [letter] = await openLetters();
    expect(letter.errorCode).toBe('ODOO_SERVER_ERROR');

    const viewer = await signIn('vera', '/dashboard/health');
    await viewer.getByTestId('health-operate-hint').waitFor();
    await viewer.getByTestId(`health-replay-${letter.id}`).click();
    await viewer.locator('[data-testid="health-alert"][data-code="FORBIDDEN"]').waitFor();
    await viewer.context().close();

    const page = await signIn('anna', '/dashboard/health');
    await page.locator(`[data-testid="health-dead-letter-row"][data-id="${letter.id}"]`).waitFor();
    // What planbridge depends on itself: the ledger and the broker the pb-publish nodes reach.
    await page.locator('[data-testid="health-dependency"][data-dependency="broker planbridge events"][data-up="true"]').waitFor();
    await page.locator('[data-testid="health-dependency"][data-up="true"][data-dependency^="ledger "]').waitFor();
    // The export the bed ran is a run, listed done with all seven datasets.
    const exportRun = page.locator('[data-testid="health-run-row"][data-state="closed"]', { hasText: 'nightly export' });
    await exportRun.waitFor();
    expect(await exportRun.textContent()).toMatch(/nightly export[\s\S]*done[\s\S]*7 of 7/);
    await shot(page, 'health-analyst');
    await page.getByTestId(`health-replay-${letter.id}`).click();
    await page.locator('[data-testid="health-alert"][data-code="REPLAYING"]').waitFor();
    await bed.until(
      async () => !!(await bed.approvals()).find((a) => a.recommendation_id === target.recommendation_id)?.executed,
      'the replayed execution completed',
    );
    expect(bed.odooQuantities().get(`${target.recommendation_id}@${target.plan_version}`)).toBe(target.quantity);
    expect(await openLetters()).toEqual([]);
    await page.locator('[data-testid="health-dead-letters-empty"]').waitFor();
    await page.context().close();
  }, 120_000);

  it('shows each shipped flow on the health page with its owner, service level and verdict, as GET /planbridge/catalogue has them', async () => {
    const shipped = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<{
      id: string;
      type: string;
      env?: Array<{ name: string; value: string }>;
    }>;
    const owners = new Map(shipped.filter((n) => n.type === 'tab').map((t) => [t.id, t.env?.find((e) => e.name === 'PLANBRIDGE_OWNER')?.value]));
    expect(owners.size).toBe(8);

    const page = await signIn('vera', '/dashboard/health');
    const rows = page.getByTestId('health-flow-row');
    await page.getByTestId('health-flows').waitFor();
    expect(await rows.count()).toBe(owners.size);
    for (const [tab, owner] of owners) {
      const row = page.locator(`[data-testid="health-flow-row"][data-tab="${tab}"]`);
      expect(await row.getByTestId('health-flow-owner').textContent()).toBe(owner);
      // The verdict is a word (and a sign), not only a colour.
      expect(await row.getByTestId('health-flow-verdict').textContent()).toMatch(/meets|at risk|missed|no data yet|not catalogued/);
    }
    // The bed's export ran as a run within its service level.
    const exportRow = page.locator('[data-testid="health-flow-row"][data-tab="tab-nightly-export"]');
    expect(await exportRow.getAttribute('data-verdict')).toBe('meets');
    expect(await exportRow.getByTestId('health-flow-reason').textContent()).toMatch(/last run nightly export closed .*within its level/);
    expect(await exportRow.textContent()).toContain('Validation: the seven datasets');
    await shot(page, 'health-flows');

    const catalogue = (await (await bed.admin.get('/planbridge/catalogue')).json()) as { flows: Array<{ tab: string; owner: string; verdict: string }> };
    expect(new Map(catalogue.flows.map((f) => [f.tab, f.owner]))).toEqual(owners);
    expect(catalogue.flows.find((f) => f.tab === 'tab-nightly-export')?.verdict).toBe('meets');
    await page.context().close();
  }, 60_000);

  it('shows a supplier delay from an Odoo webhook on the Exceptions page; a planner acknowledges and resolves it with notes, a viewer may only look', async () => {
    // Odoo's automation rule sends the order when it is confirmed, and again when its date moves.
    const order = { _model: 'purchase.order', _id: 990001, id: 990001, name: 'P-E2E-1', state: 'purchase', partner_id: 12 };
    const hook = async (datePlanned: string): Promise<void> => {
      const response = await fetch(`${bed.runtime.url}/hooks/odoo/operational-exceptions?token=${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...order, date_planned: datePlanned }),
      });
      expect(response.status).toBe(200);
    };
    type Alert = { id: string; key: string; status: string; acknowledgedBy: string | null; note: string | null };
    const alerts = async (status = 'open,acknowledged'): Promise<Alert[]> =>
      ((await (await bed.admin.get(`/planbridge/alerts?status=${status}`)).json()) as { alerts: Alert[] }).alerts;
    const delay = async (status?: string): Promise<Alert | undefined> => (await alerts(status)).find((a) => a.key === 'supplier_delay:P-E2E-1');

    await hook('2026-12-01 08:00:00');
    await hook('2026-12-12 08:00:00');
    await bed.until(async () => !!(await delay()), 'the supplier delay alert opened');
    const alert = (await delay()) as Alert;

    const viewer = await signIn('vera', '/dashboard/exceptions');
    const viewerRow = viewer.locator(`[data-testid="exceptions-row"][data-alert-id="${alert.id}"]`);
    await viewerRow.waitFor();
    await viewer.getByTestId('exceptions-read-only').waitFor();
    expect(await viewer.getByTestId(`exceptions-ack-${alert.id}`).isDisabled()).toBe(true);
    expect(await viewer.getByTestId(`exceptions-resolve-${alert.id}`).isDisabled()).toBe(true);
    await viewer.context().close();

    const page = await signIn('paul', '/dashboard/exceptions');
    const row = page.locator(`[data-testid="exceptions-row"][data-alert-id="${alert.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-severity')).toBe('critical');
    expect(await row.textContent()).toContain('P-E2E-1');
    await shot(page, 'exceptions-planner');

    await page.getByTestId(`exceptions-ack-${alert.id}`).click();
    await page.getByTestId('exceptions-note').locator('textarea').first().fill('called the supplier');
    await page.getByTestId('exceptions-confirm').click();
    await page.getByTestId('exceptions-notice').filter({ hasText: 'Acknowledged by paul' }).waitFor();
    expect(await delay()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'paul' });

    await page.getByTestId(`exceptions-resolve-${alert.id}`).click();
    await page.getByTestId('exceptions-note').locator('textarea').first().fill('new date accepted');
    await page.getByTestId('exceptions-confirm').click();
    await page.getByTestId('exceptions-notice').filter({ hasText: 'Resolved by paul' }).waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await delay()).toBeUndefined();
    expect(await delay('resolved')).toMatchObject({ status: 'resolved', note: 'new date accepted' });
    await page.context().close();
  }, 120_000);

  it('renders every page of the dashboard on this Node-RED, with no error in the browser', async () => {
    const page = await signIn('admin', '/dashboard/overview');
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: console: ${message.text()}`);
    });
    const pages: Array<[string, () => Promise<void>]> = [
      ['/dashboard/overview', () => page.getByTestId('overview-decisions-value').waitFor()],
      ['/dashboard/approvals', () => page.getByTestId('approvals-filter-sku').waitFor()],
      ['/dashboard/health', () => page.getByTestId('health-tile-success-rate').waitFor()],
      ['/dashboard/exceptions', () => page.getByTestId('exceptions-severity').waitFor()],
      ['/dashboard/data-quality', () => page.getByText('Rejected records').first().waitFor()],
    ];
    for (const [pathname, rendered] of pages) {
      await page.goto(`${bed.runtime.url}${pathname}`);
      await rendered();
      await shot(page, `page${pathname.replace(/\//g, '-')}`);
    }
    // Every page is also reached through the dashboard's own navigation, as a user clicks.
    const links = await page.locator('a[href*="/dashboard/"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    expect(new Set(links)).toEqual(new Set(pages.map(([pathname]) => pathname)));
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  // The finding: an empty supplier file gave a log line, no alert and nothing on Health.
  it('shows a quarantined supplier file on the health page under Needs action, and on the Exceptions page', async () => {
    const inbox = path.join(bed.userDir, 'edi', 'from-supplier');
    await fs.mkdir(inbox, { recursive: true });
    await fs.writeFile(path.join(inbox, 'e2e-empty.edi'), '');
    const page = await signIn('anna', '/dashboard/health');
    // edi-in looks every 10 s and the page refreshes every 10 s.
    const row = page.locator('[data-testid="health-operational-row"][data-key="file_quarantined:edi:SUP-0001:e2e-empty.edi"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.textContent()).toMatch(/File quarantined[\s\S]*EDI_FILE_EMPTY/);
    await shot(page, 'health-needs-action');
    await page.goto(`${bed.runtime.url}/dashboard/exceptions`);
    const listed = page.locator('[data-testid="exceptions-row"]', { hasText: 'e2e-empty.edi' });
    await listed.waitFor();
    expect(await listed.textContent()).toMatch(/file quarantined/);
    await page.context().close();
  }, 120_000);
});
