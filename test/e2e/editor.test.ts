import { promises as fs } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_RESILIENCE } from '../../nodes/lib/resilience';
import { CHROMIUM, hasChromium } from '../helpers/dashboard-bed';
import { adminLogin, repoRoot, startRuntimeProcess, type RuntimeProcess } from '../helpers/runtime-process';

const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const PASSWORD = 'editor-admin-password';
const PLANBRIDGE_CATEGORIES = ['integration', 'odoo', 'planning', 'wms', 'edi'];

interface RegisteredNode {
  types: string[];
  module: string;
}

const describeBrowser = hasChromium ? describe : describe.skip;

// The editor as an analyst meets it after `npm start`: the shipped flows, with the sandboxes.
describeBrowser(hasChromium ? 'the Node-RED editor in Chromium' : `the Node-RED editor: skipped: no Chromium at ${CHROMIUM}`, () => {
  let runtime: RuntimeProcess;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await fs.mkdir(SHOTS, { recursive: true });
    runtime = await startRuntimeProcess({ PLANBRIDGE_SANDBOX: 'on', PLANBRIDGE_MQTT_PORT: '0', PLANBRIDGE_ADMIN_PASSWORD: PASSWORD }, 90_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await (await browser.newContext({ viewport: { width: 1500, height: 1000 } })).newPage();
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}\n${err.stack ?? ''}`));
    page.on('console', (message) => {
      // Before the sign-in, the editor asks for its settings and is told 401: that is the login working.
      if (message.type() === 'error' && !/status of 401/.test(message.text())) errors.push(`console: ${message.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (runtime) await fs.rm(runtime.userDir, { recursive: true, force: true });
  });

  it('signs an analyst in and shows the planbridge palette, the shipped tabs and the versions it runs on', async () => {
    await page.goto(`${runtime.url}/`);
    await page.fill('#node-dialog-login-username', 'admin');
    await page.fill('#node-dialog-login-password', PASSWORD);
    await page.click('#node-dialog-login-submit');
    await page.locator('#red-ui-palette-container-integration').waitFor();
    for (const category of PLANBRIDGE_CATEGORIES) await page.locator(`#red-ui-palette-container-${category}`).waitFor({ state: 'attached' });

    const shipped = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<{ type: string; label?: string }>;
    const tabs = shipped.filter((n) => n.type === 'tab').map((n) => n.label);
    const shown = await page.locator('.red-ui-tab-label').allTextContents();
    expect(shown.map((t) => t.trim())).toEqual(expect.arrayContaining(tabs as string[]));

    // Every node type the package declares is registered in the editor.
    const declared = Object.keys(
      (JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } })['node-red'].nodes,
    );
    const registered = await page.evaluate(() =>
      (window as unknown as { RED: { nodes: { registry: { getNodeTypes(): string[] } } } }).RED.nodes.registry.getNodeTypes(),
    );
    expect(registered).toEqual(expect.arrayContaining(declared));
    const api = await adminLogin(runtime.url, 'admin', PASSWORD);
    const nodeSets = (await (await api.get('/nodes')).json()) as RegisteredNode[];
    const planbridge = nodeSets.filter((set) => set.module === 'planbridge').flatMap((set) => set.types);
    expect(planbridge.sort()).toEqual(declared.sort());

    const settings = (await (await api.get('/settings')).json()) as { version: string };
    expect(settings.version).toMatch(/^5\./);
    expect(runtime.output()).toMatch(/Node-RED version: v5\./);
    expect(runtime.output()).toMatch(/Node\.js {2}version: v(2[4-9]|22\.(1[3-9]|[2-9]\d))\./);
    await page.screenshot({ path: path.join(SHOTS, 'editor.png') });
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows the Markdown help of every planbridge node in the help sidebar', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } };
    for (const [type, file] of Object.entries(pkg['node-red'].nodes)) {
      // The help's first paragraph, as Markdown: its first words are what the sidebar must show.
      const source = path.join(repoRoot, path.dirname(file).replace(/^dist\//, ''), 'locales', 'en-US', `${type}.html`);
      const markdown = (await fs.readFile(source, 'utf8')).split('\n')[1] ?? '';
      const opening = markdown
        .replace(/[*_`]/g, '')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .slice(0, 40);
      expect(opening.length).toBeGreaterThan(20);
      await page.evaluate((t) => (window as unknown as { RED: { sidebar: { help: { show(type: string): void } } } }).RED.sidebar.help.show(t), type);
      await page.locator('.red-ui-help', { hasText: opening }).first().waitFor({ timeout: 5000 });
    }
    await page.screenshot({ path: path.join(SHOTS, 'editor-help.png') });
    expect(errors).toEqual([]);
  }, 60_000);

  it('opens the edit dialog of every shipped planbridge node and config node, and cancels it unchanged', async () => {
    const opened = await page.evaluate(async () => {
      type EditorNode = { id: string; type: string; _def: { category?: string; set?: { module: string } } };
      const RED = (
        window as unknown as {
          RED: {
            nodes: { eachNode(cb: (n: EditorNode) => void): void; eachConfig(cb: (n: EditorNode) => void): void };
            editor: { edit(node: EditorNode): void; editConfig(name: string, type: string, id: string): void };
            events: { on(event: string, handler: () => void): void; off(event: string, handler: () => void): void };
          };
        }
      ).RED;
      const byType = new Map<string, EditorNode & { config: boolean }>();
      const keep = (config: boolean) => (n: EditorNode) => {
        if (n._def?.set?.module === 'planbridge' && !byType.has(n.type)) byType.set(n.type, Object.assign(n, { config }));
      };
      RED.nodes.eachNode(keep(false));
      RED.nodes.eachConfig(keep(true));
      const result: Array<{ type: string; fields: number; resilience: Record<string, string> | null }> = [];
      // Each step waits for the editor's own events (and its tray animation), never for a time.
      const next = (event: string): Promise<void> =>
        new Promise((resolve) => {
          const handler = (): void => {
            RED.events.off(event, handler);
            resolve();
          };
          RED.events.on(event, handler);
        });
      // Resolves when the next tray's own `show` callback has run (the last step of its opening).
      const trayShown = (): Promise<void> =>
        new Promise((resolve) => {
          const tray = (window as unknown as { RED: { tray: { show(options: { show?: () => void }): void } } }).RED.tray;
          const original = tray.show;
          tray.show = (options) => {
            tray.show = original;
            const show = options.show;
            original.call(tray, {
              ...options,
              show() {
                show?.call(this);
                resolve();
              },
            });
          };
        });
      const trayGone = async (): Promise<void> => {
        while (document.querySelector('.red-ui-tray')) await new Promise((r) => requestAnimationFrame(r));
      };
      for (const node of byType.values()) {
        const opened = next('editor:open');
        const shown = trayShown();
        if (node.config) RED.editor.editConfig('', node.type, node.id);
        else RED.editor.edit(node);
        await opened;
        // editor:open comes before the tray is built: wait for its form, a frame at a time.
        let tray: Element | null = null;
        for (let frame = 0; frame < 600 && !(tray = document.querySelector('.red-ui-tray-body .red-ui-tray-content form')); frame++)
          await new Promise((r) => requestAnimationFrame(r));
        // The tray sizes its panes and shows itself in timers after it opens; closing it before that makes
        // Node-RED 5 resize the destroyed editor of its description pane. Wait until it has shown, as a person would.
        await shown;
        const resilience = tray?.querySelector('#node-config-resilience');
        // The shared fieldset shows the runtime's defaults as placeholders once they are fetched.
        for (let frame = 0; frame < 600 && resilience && !resilience.querySelector('#node-config-input-attempts[placeholder]'); frame++)
          await new Promise((r) => requestAnimationFrame(r));
        result.push({
          type: node.type,
          fields: tray ? tray.querySelectorAll('input, select, textarea').length : 0,
          resilience: resilience
            ? Object.fromEntries(Array.from(resilience.querySelectorAll('input')).map((i) => [i.id.replace('node-config-input-', ''), i.placeholder]))
            : null,
        });
        const closed = next('editor:close');
        document.querySelector<HTMLElement>('#node-dialog-cancel, #node-config-dialog-cancel')?.click();
        await closed;
        await trayGone();
      }
      return result;
    });
    expect(opened.length).toBeGreaterThanOrEqual(20);
    for (const dialog of opened) expect({ type: dialog.type, hasFields: dialog.fields > 0 }).toEqual({ type: dialog.type, hasFields: true });
    // Every connection shows the one resilience fieldset, its placeholders the defaults of nodes/lib/resilience.ts.
    const connections = opened.filter((d) => d.resilience).map((d) => d.type);
    expect(connections.sort()).toEqual(
      ['edi-partner', 'odoo-config', 'planning-config', 'rest-config', 'wms-config'].filter((t) => opened.some((d) => d.type === t)),
    );
    expect(connections.length).toBeGreaterThanOrEqual(4);
    const defaults = Object.fromEntries(Object.entries(DEFAULT_RESILIENCE).map(([k, v]) => [k, String(v)]));
    for (const dialog of opened.filter((d) => d.resilience))
      expect({ type: dialog.type, placeholders: dialog.resilience }).toEqual({ type: dialog.type, placeholders: defaults });
    // Cancelling changed nothing: the editor has nothing to deploy.
    expect(await page.evaluate(() => (window as unknown as { RED: { nodes: { dirty(): boolean } } }).RED.nodes.dirty())).toBe(false);
    expect(errors).toEqual([]);
  }, 120_000);
});
