import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, hasChromium } from '../helpers/dashboard-bed';
import { repoRoot, startRuntimeProcess, type RuntimeProcess } from '../helpers/runtime-process';

const PASSWORD = 'round-trip-admin-password';
const describeBrowser = hasChromium ? describe : describe.skip;

/**
 * The finding: a deploy from the editor without any change rewrote the shipped flows.json (node order,
 * added properties: about 900 lines of diff). flows.json is shipped as Node-RED saves it, so a deploy
 * that changes nothing leaves it byte for byte, also after every planbridge node's dialog was opened
 * and closed with Done.
 */
describeBrowser(hasChromium ? 'a deploy without changes, in Chromium' : `a deploy without changes: skipped: no Chromium at ${CHROMIUM}`, () => {
  let runtime: RuntimeProcess;
  let browser: Browser;
  let page: Page;
  let flowsFile: string;
  const errors: string[] = [];

  beforeAll(async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-round-trip-'));
    // A copy: a deploy writes the flows file, and the shipped one must stay as it is.
    flowsFile = path.join(dir, 'flows.json');
    await fs.copyFile(path.join(repoRoot, 'flows', 'flows.json'), flowsFile);
    runtime = await startRuntimeProcess(
      { PLANBRIDGE_SANDBOX: 'on', PLANBRIDGE_MQTT_PORT: '0', PLANBRIDGE_ADMIN_PASSWORD: PASSWORD, PLANBRIDGE_FLOWS_FILE: flowsFile },
      90_000,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await (await browser.newContext({ viewport: { width: 1500, height: 1000 } })).newPage();
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
    await page.goto(`${runtime.url}/`);
    await page.fill('#node-dialog-login-username', 'admin');
    await page.fill('#node-dialog-login-password', PASSWORD);
    await page.click('#node-dialog-login-submit');
    await page.locator('#red-ui-palette-container-integration').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (runtime) await fs.rm(runtime.userDir, { recursive: true, force: true });
    if (flowsFile) await fs.rm(path.dirname(flowsFile), { recursive: true, force: true });
  });

  it('leaves flows.json byte for byte after every planbridge node went through its dialog (Done) and a full deploy', async () => {
    const shipped = await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'));
    const before = await fs.stat(flowsFile);
    const types = await page.evaluate(async () => {
      type EditorNode = { id: string; type: string; _def: { set?: { module: string } } };
      const RED = (
        window as unknown as {
          RED: {
            nodes: { eachNode(cb: (n: EditorNode) => void): void; eachConfig(cb: (n: EditorNode) => void): void };
            editor: { edit(node: EditorNode): void; editConfig(name: string, type: string, id: string): void };
            events: { on(event: string, handler: () => void): void; off(event: string, handler: () => void): void };
            tray: { show(options: { show?: () => void }): void };
          };
        }
      ).RED;
      const all: Array<EditorNode & { config: boolean }> = [];
      const keep = (config: boolean) => (n: EditorNode) => {
        if (n._def?.set?.module === 'planbridge') all.push(Object.assign(n, { config }));
      };
      RED.nodes.eachNode(keep(false));
      RED.nodes.eachConfig(keep(true));
      const next = (event: string): Promise<void> =>
        new Promise((resolve) => {
          const handler = (): void => {
            RED.events.off(event, handler);
            resolve();
          };
          RED.events.on(event, handler);
        });
      // Resolves once the next tray has run its own `show` callback: closing it earlier trips Node-RED 5.
      const trayShown = (): Promise<void> =>
        new Promise((resolve) => {
          const original = RED.tray.show;
          RED.tray.show = (options) => {
            RED.tray.show = original;
            const show = options.show;
            original.call(RED.tray, {
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
      for (const node of all) {
        const shown = trayShown();
        if (node.config) RED.editor.editConfig('', node.type, node.id);
        else RED.editor.edit(node);
        await shown;
        const closed = next('editor:close');
        document.querySelector<HTMLElement>('#node-dialog-ok, #node-config-dialog-ok')?.click();
        await closed;
        await trayGone();
      }
      return all.map((n) => n.type);
    });
    expect(new Set(types).size).toBeGreaterThanOrEqual(20);

    // A full deploy of everything, as the Deploy button does once anything is marked changed.
    const deployed = runtime.waitFor(/Stopping flows[\s\S]*Started flows/, 60_000);
    await page.evaluate(() => {
      const RED = (window as unknown as { RED: { nodes: { dirty(v: boolean): void }; actions: { invoke(a: string): void } } }).RED;
      RED.nodes.dirty(true);
      RED.actions.invoke('core:deploy-flows');
    });
    await deployed;
    const after = await fs.stat(flowsFile);
    // The file was written again, and is what was shipped.
    expect(after.mtimeMs).toBeGreaterThan(before.mtimeMs);
    expect((await fs.readFile(flowsFile)).equals(shipped)).toBe(true);
    expect(errors).toEqual([]);
  }, 180_000);
});
