import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildRelease } from '../../runtime/releases/bundle';
import type { FlowsNode } from '../../runtime/releases/catalogue';
import { CHROMIUM, hasChromium } from '../helpers/dashboard-bed';
import { closeNodeDialog, openNodeDialog } from '../helpers/editor-dialog';
import { adminLogin, repoRoot, startRuntimeProcess, type RuntimeProcess } from '../helpers/runtime-process';

const PASSWORD = 'releases-admin-password';
const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const describeBrowser = hasChromium ? describe : describe.skip;

const OLD_CODE = 'const total = msg.payload.length;\nmsg.payload = { total };\nreturn msg;';
const NEW_CODE = 'const total = msg.payload.length;\nmsg.payload = { total, at: Date.now() };\nreturn msg;';

// One tab as Node-RED's editor saves it (every property its dialogs write), so a clean editor has nothing to deploy.
const FLOWS: FlowsNode[] = [
  { id: 'tab-sidebar', type: 'tab', label: 'Sidebar check', disabled: false, info: '', env: [] },
  {
    id: 'fn-shape',
    type: 'function',
    z: 'tab-sidebar',
    name: 'count rows',
    func: OLD_CODE,
    outputs: 1,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: [],
    x: 200,
    y: 120,
    wires: [['dbg-total']],
  },
  {
    id: 'dbg-total',
    type: 'debug',
    z: 'tab-sidebar',
    name: 'row count',
    active: true,
    tosidebar: true,
    console: false,
    tostatus: false,
    complete: 'payload',
    targetType: 'msg',
    statusVal: '',
    statusType: 'auto',
    x: 420,
    y: 120,
    wires: [],
  },
  { id: 'cm-old', type: 'comment', z: 'tab-sidebar', name: 'to be retired', info: '', x: 180, y: 40, wires: [] },
];

interface Red {
  nodes: { dirty(): boolean };
  view: { reveal(id: string): void };
}

describeBrowser(hasChromium ? 'the Releases sidebar in Chromium' : `the Releases sidebar: skipped: no Chromium at ${CHROMIUM}`, () => {
  let runtime: RuntimeProcess;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-releases-sidebar-'));
    await fs.writeFile(path.join(dir, 'flows.json'), JSON.stringify(FLOWS, null, 4));
    await fs.mkdir(SHOTS, { recursive: true });
    runtime = await startRuntimeProcess(
      { PLANBRIDGE_MQTT_PORT: '0', PLANBRIDGE_ADMIN_PASSWORD: PASSWORD, PLANBRIDGE_FLOWS_FILE: path.join(dir, 'flows.json') },
      60_000,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await (await browser.newContext({ viewport: { width: 1500, height: 1000 } })).newPage();
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
    page.on('console', (message) => {
      // 401 before the sign-in, and from GET /planbridge/releases on an instance without a release list; 404 where the test answers so.
      if (message.type() === 'error' && !/status of (401|404)/.test(message.text())) errors.push(`console: ${message.text()}`);
    });
    await page.goto(`${runtime.url}/`);
    await page.fill('#node-dialog-login-username', 'admin');
    await page.fill('#node-dialog-login-password', PASSWORD);
    await page.click('#node-dialog-login-submit');
    await page.locator('#red-ui-palette-container-integration').waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (runtime) await fs.rm(runtime.userDir, { recursive: true, force: true });
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const undeployed = (): ReturnType<Page['locator']> => page.locator('#planbridge-releases-undeployed .planbridge-releases-view');

  it('draws undeployed changes: an edited function under Changed with its removed and added lines, a dragged node under Moved only', async () => {
    await page.click('button[data-tab-id="planbridge-releases"]');
    // A clean editor: the deployed flows and the editor's agree.
    await undeployed().locator('.planbridge-releases-none').waitFor();

    // Edit the function's code in its dialog and press Done (no deploy).
    await openNodeDialog(page, 'fn-shape');
    // The dialog's code editor is ace here (startRuntimeProcess sets PLANBRIDGE_CODE_EDITOR=ace); its editor sits in the text container.
    await page.evaluate((code) => {
      const ace = (window as unknown as { ace: { edit(el: Element): { setValue(v: string, cursor: number): void } } }).ace;
      ace.edit(document.querySelector('#node-input-func-editor .red-ui-editor-text-container') as Element).setValue(code, 1);
    }, NEW_CODE);
    await closeNodeDialog(page, 'ok');

    // Drag the debug node to another place, as a person does.
    const box = await page.locator('g.red-ui-flow-node-group[id="dbg-total"] rect.red-ui-flow-node').boundingBox();
    if (!box) throw new Error('the debug node is not on the canvas');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 160, box.y + box.height / 2 + 100, { steps: 8 });
    await page.mouse.up();

    // The drag is drawn last: once the debug node is listed, both edits are.
    await undeployed().locator('[data-node-id="dbg-total"]').waitFor();
    await undeployed().locator('[data-node-id="fn-shape"]').waitFor();
    const changed = undeployed().locator('[data-group="changed"]');
    const moved = undeployed().locator('[data-group="moved"]');
    const idsIn = (group: ReturnType<Page['locator']>): Promise<Array<string | null>> =>
      group.locator('[data-node-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-node-id')));
    // Moved, and only moved: not also under Changed.
    expect({ changed: await idsIn(changed), moved: await idsIn(moved) }).toEqual({ changed: ['fn-shape'], moved: ['dbg-total'] });
    const fn = changed.locator('[data-node-id="fn-shape"]');
    expect(await fn.locator('.planbridge-releases-node-title').innerText()).toMatch(/count rows\s*function\s*Sidebar check/);
    expect(await fn.locator('[data-setting]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-setting')))).toEqual(['func']);
    expect(await fn.locator('td.linetext.removed').allInnerTexts()).toEqual(['-msg.payload = { total };']);
    expect(await fn.locator('td.linetext.added').allInnerTexts()).toEqual(['+msg.payload = { total, at: Date.now() };']);
    expect(await fn.locator('tr.red-ui-diff-text-header').allInnerTexts()).toEqual(['@@ -1,3 +1,3 @@']);
    // Coloured by the editor's own diff styles: removed and added lines each have a background of their own.
    const background = (cell: string): Promise<string> =>
      fn
        .locator(cell)
        .first()
        .evaluate((td) => getComputedStyle(td).backgroundColor);
    const colours = { removed: await background('td.linetext.removed'), added: await background('td.linetext.added') };
    expect(colours.removed).not.toBe(colours.added);
    expect([colours.removed, colours.added]).not.toContain('rgba(0, 0, 0, 0)');
    expect(await moved.locator('.planbridge-releases-count').innerText()).toBe('(1)');
    expect(await undeployed().locator('[data-group="added"], [data-group="removed"]').count()).toBe(0);

    // A node's title shows it in the workspace.
    await page.evaluate(() => {
      const RED = (window as unknown as { RED: Red & { revealed?: string[] } }).RED;
      const reveal = RED.view.reveal.bind(RED.view);
      RED.revealed = [];
      RED.view.reveal = (id: string) => {
        RED.revealed?.push(id);
        reveal(id);
      };
    });
    await fn.locator('.planbridge-releases-node-title').click();
    expect(await page.evaluate(() => (window as unknown as { RED: { revealed: string[] } }).RED.revealed)).toEqual(['fn-shape']);

    // Nothing was deployed: the editor still has changes and the runtime's flows file is as it was.
    expect(await page.evaluate(() => (window as unknown as { RED: Red }).RED.nodes.dirty())).toBe(true);
    expect(JSON.parse(await fs.readFile(path.join(dir, 'flows.json'), 'utf8'))).toEqual(FLOWS);
    await page.screenshot({ path: path.join(SHOTS, 'releases-sidebar.png') });
    expect(errors).toEqual([]);
  }, 60_000);

  it('compares the deployed flows with a release file chosen in the file input, and says why a file is refused', async () => {
    const flows = [
      ...FLOWS.filter((n) => n.id !== 'cm-old').map((n) => (n.id === 'dbg-total' ? { ...n, name: 'rows counted' } : n)),
      { id: 'cm-new', type: 'comment', z: 'tab-sidebar', name: 'new note', info: '', x: 180, y: 200, wires: [] },
    ];
    const release = buildRelease({
      flows,
      credentialsTemplate: {},
      version: '2026.12.9',
      message: 'rename the debug node',
      author: 'anna',
      at: new Date('2026-12-08T09:00:00Z'),
      modules: { planbridge: { version: '0.1.0', types: [] }, nodeRed: { version: '5.0.7' }, dashboard: null },
    });
    const view = page.locator('#planbridge-releases-file .planbridge-releases-view');
    await page.setInputFiles('#planbridge-releases-file-input', {
      name: 'release-2026.12.9.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(release)),
    });
    await view.locator('[data-group="changed"]').waitFor();
    expect(await view.locator('.planbridge-releases-tip').first().innerText()).toBe('deployed flows \u2192 release 2026.12.9');
    const ids = (group: string): Promise<Array<string | null>> =>
      view.locator(`[data-group="${group}"] [data-node-id]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-node-id')));
    expect(await ids('added')).toEqual(['cm-new']);
    expect(await ids('removed')).toEqual(['cm-old']);
    expect(await ids('changed')).toEqual(['dbg-total']);
    const rename = view.locator('[data-node-id="dbg-total"] [data-setting="name"]');
    expect([await rename.locator('.planbridge-releases-before').innerText(), await rename.locator('.planbridge-releases-after').innerText()]).toEqual([
      '"row count"',
      '"rows counted"',
    ]);
    // The editor's unsaved edits are not part of this comparison: the function is unchanged against the release.
    expect(await ids('moved')).toEqual([]);

    await page.setInputFiles('#planbridge-releases-file-input', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"nodes": []}') });
    await view.locator('.planbridge-releases-error', { hasText: 'RELEASE_DIFF_INVALID' }).waitFor();
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    errors.length = 0;
  }, 60_000);

  it("lists the instance's releases when GET /planbridge/releases answers, compares one with the deployed flows, and hides the list on 404", async () => {
    const bundle = buildRelease({
      flows: FLOWS.filter((n) => n.id !== 'cm-old'),
      credentialsTemplate: {},
      version: '2026.12.1',
      message: 'first release',
      author: 'anna',
      at: new Date('2026-12-01T09:00:00Z'),
      modules: { planbridge: { version: '0.1.0', types: [] }, nodeRed: { version: '5.0.7' }, dashboard: null },
    });
    let listStatus = 200;
    // Another part of planbridge serves these; the sidebar only reads them, so the test answers for it.
    await page.route(
      (url) => url.pathname === '/planbridge/releases' || url.pathname.startsWith('/planbridge/releases/sha256'),
      (route) => {
        const url = new URL(route.request().url());
        if (url.pathname !== '/planbridge/releases') return route.fulfill({ json: bundle });
        if (listStatus !== 200) return route.fulfill({ status: listStatus, json: { error: { code: 'NOT_FOUND', message: 'no such route' } } });
        const { version, checksum, author, message, createdAt } = bundle;
        return route.fulfill({
          json: {
            environment: 'test',
            protected: false,
            current: { version, checksum, author, message, createdAt },
            releases: [{ version, checksum, author, message, createdAt, deployedAt: '2026-12-01T10:00:00Z', deployedBy: 'admin' }],
            events: [],
          },
        });
      },
    );
    const section = page.locator('#planbridge-releases-list');
    const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/planbridge/releases');
    await page.click('#planbridge-releases-sidebar-refresh');
    await listed;
    const row = section.locator(`.planbridge-releases-release[data-checksum="${bundle.checksum}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('2026.12.1 (running)');
    await row.locator('button').click();
    const view = section.locator('.planbridge-releases-view');
    await view.locator('[data-group="removed"] [data-node-id="cm-old"]').waitFor();
    expect(await view.locator('.planbridge-releases-tip').first().innerText()).toBe('deployed flows \u2192 release 2026.12.1');

    listStatus = 404;
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/planbridge/releases' && r.status() === 404);
    await page.click('#planbridge-releases-sidebar-refresh');
    await refused;
    await section.waitFor({ state: 'hidden' });
    // The rest of the sidebar still works.
    expect(await undeployed().locator('[data-group="changed"] [data-node-id="fn-shape"]').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 60_000);

  it("answers the diff only behind the editor login, and takes a release of several MB up to the admin API's apiMaxLength", async () => {
    const anonymous = await fetch(`${runtime.url}/planbridge/releases/diff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'deployed', to: FLOWS }),
    });
    expect(anonymous.status).toBe(401);

    const admin = await adminLogin(runtime.url, 'admin', PASSWORD);
    // A function holding 3 MB of code: under the default limit of 5 MB.
    const big = FLOWS.map((n) => (n.id === 'fn-shape' ? { ...n, func: `${OLD_CODE}\n${'// padding\n'.repeat(300_000)}` } : n));
    const answer = await admin.post('/planbridge/releases/diff', { from: 'deployed', to: big });
    expect(answer.status).toBe(200);
    const diff = (await answer.json()) as { changed: string[]; nodes: Record<string, { tabLabel: string }> };
    expect(diff.changed).toEqual(['fn-shape']);
    expect(diff.nodes['fn-shape'].tabLabel).toBe('Sidebar check');

    const tooBig = FLOWS.map((n) => (n.id === 'fn-shape' ? { ...n, func: 'x'.repeat(6 * 1024 * 1024) } : n));
    const refused = await admin.post('/planbridge/releases/diff', { from: 'deployed', to: tooBig });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
  }, 60_000);
});
