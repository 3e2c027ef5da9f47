import mqtt from 'mqtt';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminLogin, repoRoot, runCli, startRuntimeProcess, type AdminApi, type RuntimeProcess } from '../helpers/runtime-process';

const ADMIN_PASSWORD = 'smoke-test-admin-password';
const VIEWER_PASSWORD = 'smoke-test-viewer-password';
const PLANNER_PASSWORD = 'smoke-test-planner-password';
const MQTT_PASSWORD = 'smoke-test-mqtt-password';

interface NodeSet {
  module: string;
  types: string[];
  enabled: boolean;
  err?: string;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('the runtime, started as npm start starts it', () => {
  let runtime: RuntimeProcess;
  let admin: AdminApi;
  let userDir: string;

  beforeAll(async () => {
    userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-smoke-'));
    // The demo systems start too, as on a fresh machine.
    const env = {
      PLANBRIDGE_USER_DIR: userDir,
      PLANBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PLANBRIDGE_MQTT_PASSWORD: MQTT_PASSWORD,
      PLANBRIDGE_MQTT_PORT: '0',
      PLANBRIDGE_SANDBOX: 'on',
    };
    // The user commands work before the first start, on the same user directory.
    expect((await runCli(['user', 'add', 'vera', '--role', 'viewer'], { ...env, PLANBRIDGE_NEW_PASSWORD: VIEWER_PASSWORD })).code).toBe(0);
    expect((await runCli(['user', 'add', 'paul', '--role', 'planner'], { ...env, PLANBRIDGE_NEW_PASSWORD: PLANNER_PASSWORD })).code).toBe(0);
    runtime = await startRuntimeProcess(env);
    admin = await adminLogin(runtime.url, 'admin', ADMIN_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    await fs.rm(userDir, { recursive: true, force: true });
  });

  it('runs on Node-RED 5 and Node.js 22.13 or later, and says what it is doing while it starts', () => {
    const output = runtime.output();
    expect(output).toMatch(/Node-RED version: v5\./);
    expect(output).toMatch(/Node\.js {2}version: v(2[4-9]|22\.(1[3-9]|[2-9]\d))\./);
    const steps = ['starting the sandbox systems', 'sandboxes ready', 'starting Node-RED and the flows', 'flows started'];
    const at = steps.map((step) => output.search(new RegExp(`planbridge: ${step}.* \\(\\d+\\.\\d s\\)`)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Nothing reached Node-RED before it had started.
    expect(output).not.toContain('runtime not started');
  });

  it('refuses an older Node.js at once, with one line that names the version it needs', async () => {
    const { spawnSync } = await import('node:child_process');
    const pretendOld =
      "Object.defineProperty(process.versions, 'node', { value: '20.20.2' }); Object.defineProperty(process, 'version', { value: 'v20.20.2' });";
    const result = spawnSync(
      process.execPath,
      ['-e', `${pretendOld} process.argv = [process.argv[0], 'planbridge', 'start']; require(${JSON.stringify(path.join(repoRoot, 'bin', 'planbridge.js'))})`],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^planbridge needs Node\.js 22\.13 or later \(24 LTS recommended\), not v20\.20\.2: /),
    ]);
  });

  it('serves the editor behind a login', async () => {
    expect((await fetch(`${runtime.url}/`)).status).toBe(200);
    expect(await (await fetch(`${runtime.url}/auth/login`)).json()).toMatchObject({ type: 'credentials' });
    expect((await fetch(`${runtime.url}/flows`)).status).toBe(401);
    expect(runtime.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('registers every planbridge node type without errors, in the planbridge categories', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } };
    const sets = (await (await admin.get('/nodes')).json()) as NodeSet[];
    const ours = sets.filter((s) => s.module === 'planbridge');
    expect(ours.flatMap((s) => s.types).sort()).toEqual(Object.keys(pkg['node-red'].nodes).sort());
    for (const set of ours) {
      expect(set.err).toBeUndefined();
      expect(set.enabled).toBe(true);
    }
    const editorHtml = await (await admin.get('/nodes', 'text/html')).text();
    expect(editorHtml).toContain("category: 'integration'");
    expect(editorHtml).toContain('data-help-name="pb-validate"');
  });

  it('deploys the shipped flows', async () => {
    const shipped = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<{ id: string }>;
    const deployed = (await (await admin.get('/flows')).json()) as Array<{ id: string }>;
    expect(deployed.map((n) => n.id).sort()).toEqual(shipped.map((n) => n.id).sort());
    expect(runtime.output()).toContain('Started flows');
    expect(runtime.output()).not.toMatch(/\[error\]/);
  });

  it("runs the sandbox WMS with the sandbox Odoo's stock and points its pushes at the runtime", () => {
    expect(runtime.output()).toMatch(/sandbox WMS: http:\/\/127\.0\.0\.1:\d+ \(\d+ stock rows, Odoo's stock with \d+ differences\)/);
    expect(runtime.output()).toContain(`sandbox WMS pushes stock events and confirmations to ${runtime.url}/planbridge/wms/`);
  });

  it('offers the examples in the editor library', async () => {
    const listing = await (await admin.get('/library/examples/flows/planbridge/integration')).json();
    expect(JSON.stringify(listing)).toContain('Validate a page of stock records');
  });

  it('requires a user for http-in endpoints, and answers with the validation summary', async () => {
    const endpoint = `${runtime.url}/api/v1/validate?contract=stock_snapshot@1`;
    const body = JSON.stringify([{ sku: 'incomplete' }]);
    const anonymous = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    expect((await anonymous.json()).error.code).toBe('AUTH_REQUIRED');

    const wrong = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('paul', 'not-his-password') },
      body,
    });
    expect(wrong.status).toBe(401);

    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('paul', PLANNER_PASSWORD) },
      body,
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ contract: 'stock_snapshot@1', total: 1, valid: 0, invalid: 1, rejected: [{ index: 0 }] });

    const unknown = await fetch(`${runtime.url}/api/v1/validate?contract=stock_level@1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('paul', PLANNER_PASSWORD) },
      body,
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe('CONTRACT_UNKNOWN');

    // Anything but JSON is refused, not validated as an empty record.
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const other = await fetch(endpoint, { method: 'POST', headers: { 'content-type': type, authorization: basic('paul', PLANNER_PASSWORD) }, body });
      expect([type, other.status, await other.json()]).toEqual([
        type,
        415,
        { error: { code: 'CONTENT_TYPE_UNSUPPORTED', message: 'Send the records as application/json' } },
      ]);
    }
    const vendorJson = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.planbridge+json; charset=utf-8', authorization: basic('paul', PLANNER_PASSWORD) },
      body,
    });
    expect(vendorJson.status).toBe(200);
  });

  it('requires a user for the dashboard, its assets, its debug routes and its socket', async () => {
    const page = await fetch(`${runtime.url}/dashboard/data-quality`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2Fdashboard%2Fdata-quality');
    expect((await fetch(`${runtime.url}/dashboard/_debug/datastore/dq-table`)).status).toBe(401);
    expect((await fetch(`${runtime.url}/dashboard/_debug/statestore/dq-table`)).status).toBe(401);
    expect((await fetch(`${runtime.url}/dashboard/_setup`)).status).toBe(401);

    // socket.io: the engine handshake succeeds, but joining the namespace without a session is refused.
    const socket = `${runtime.url}/dashboard/socket.io/?EIO=4&transport=polling`;
    const handshake = await (await fetch(socket)).text();
    const sid = (JSON.parse(handshake.slice(1)) as { sid: string }).sid;
    await fetch(`${socket}&sid=${sid}`, { method: 'POST', body: '40', headers: { 'content-type': 'text/plain' } });
    const reply = await (await fetch(`${socket}&sid=${sid}`)).text();
    expect(reply).toContain('44{"message":"AUTH_REQUIRED"}');
  });

  it('signs a dashboard user in with a session cookie that opens the dashboard', async () => {
    const failed = await fetch(`${runtime.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'paul', password: 'wrong-password-x', next: '/dashboard' }),
    });
    expect(failed.status).toBe(401);
    expect(failed.headers.get('set-cookie')).toBeNull();

    const login = await fetch(`${runtime.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'paul', password: PLANNER_PASSWORD, next: '/dashboard/data-quality' }),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/dashboard/data-quality');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const page = await fetch(`${runtime.url}/dashboard/data-quality`, { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');

    const socket = `${runtime.url}/dashboard/socket.io/?EIO=4&transport=polling`;
    const sid = (JSON.parse((await (await fetch(socket, { headers: { cookie } })).text()).slice(1)) as { sid: string }).sid;
    await fetch(`${socket}&sid=${sid}`, { method: 'POST', body: '40', headers: { 'content-type': 'text/plain', cookie } });
    expect(await (await fetch(`${socket}&sid=${sid}`, { headers: { cookie } })).text()).toMatch(/^40\{"sid":/);
  });

  it('keeps the planner out of the editor and the viewer read-only', async () => {
    await expect(adminLogin(runtime.url, 'paul', PLANNER_PASSWORD)).rejects.toThrow('HTTP 403');
    const viewer = await adminLogin(runtime.url, 'vera', VIEWER_PASSWORD);
    expect((await viewer.get('/flows')).status).toBe(200);
    const deploy = await viewer.post('/flows', [], { 'Node-RED-Deployment-Type': 'full' });
    expect(deploy.status).toBe(401);
  });

  it('guards the dead-letter API and the metrics: read for viewers, replay for analysts and admins', async () => {
    expect((await fetch(`${runtime.url}/planbridge/dead-letters`)).status).toBe(401);
    expect((await fetch(`${runtime.url}/metrics`)).status).toBe(401);
    const list = await admin.get('/planbridge/dead-letters');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ deadLetters: [] });
    const metricsText = await (await admin.get('/metrics', 'text/plain')).text();
    expect(metricsText).toContain('planbridge_backlog 0');
    const viewer = await adminLogin(runtime.url, 'vera', VIEWER_PASSWORD);
    expect((await viewer.get('/planbridge/dead-letters')).status).toBe(200);
    expect((await viewer.post('/planbridge/dead-letters/replay', { all: true })).status).toBe(401);
    expect((await admin.post('/planbridge/dead-letters/replay', { all: true })).status).toBe(202);
  });

  it('runs an authenticated MQTT broker for the event backbone, and the shipped pb-publish nodes connect to it', async () => {
    const port = Number(/embedded MQTT broker on mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(runtime.output())?.[1]);
    expect(port).toBeGreaterThan(0);
    const refused = mqtt.connect(`mqtt://127.0.0.1:${port}`, { username: 'planbridge', password: 'wrong', reconnectPeriod: 0 });
    await expect(
      new Promise((resolve, reject) => {
        refused.once('connect', resolve);
        refused.once('error', reject);
      }),
    ).rejects.toThrow();
    refused.end(true);
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { username: 'planbridge', password: MQTT_PASSWORD, reconnectPeriod: 0 });
    await new Promise((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    await client.endAsync();
    const flows = (await (await admin.get('/flows')).json()) as Array<{ id: string; type: string }>;
    expect(flows.find((n) => n.id === 'planbridge-mqtt')?.type).toBe('mqtt-broker');
    expect(flows.filter((n) => n.type === 'mqtt out')).toEqual([]);
    // The publisher of the pb-publish nodes reports the broker up on /metrics once it connected.
    const brokerUp = /planbridge_dependency_up\{dependency="broker planbridge events"\} 1/;
    for (let tries = 0; !brokerUp.test(await (await admin.get('/metrics', 'text/plain')).text()); tries++) {
      expect(tries).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('keeps no password or secret in the repository flows or in the user directory in clear text', async () => {
    const flows = JSON.parse(await fs.readFile(path.join(repoRoot, 'flows', 'flows.json'), 'utf8')) as Array<Record<string, unknown>>;
    // Field names such as tokenUrl or apiKeyHeader are settings; a value under a secret's name is a leak.
    const secretFields = flows.flatMap((n) =>
      Object.entries(n).filter(([key, value]) => /password|secret|^token$|^apikey$|api_key|credentials/i.test(key) && value !== '' && value !== undefined),
    );
    expect(secretFields).toEqual([]);
    const usersText = await fs.readFile(path.join(userDir, 'users.json'), 'utf8');
    for (const password of [ADMIN_PASSWORD, VIEWER_PASSWORD, PLANNER_PASSWORD]) expect(usersText).not.toContain(password);
  });

  it('fills the dashboard from the demo systems within a minute of the first start', async () => {
    const started = Date.now();
    let approvals: unknown[] = [];
    while (Date.now() - started < 60_000) {
      approvals = ((await (await admin.get('/planbridge/approvals?status=all&limit=10')).json()) as { approvals: unknown[] }).approvals;
      if (approvals.length) break;
      // The export, plan and import run inside the runtime; nothing here to wait on but the answer.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(approvals.length).toBeGreaterThan(0);
    const overview = await fetch(`${runtime.url}/dashboard/overview`, { headers: { authorization: basic('paul', PLANNER_PASSWORD), accept: 'text/html' } });
    expect(overview.status).toBe(200);
  }, 70_000);

  it('stops cleanly on SIGTERM', async () => {
    expect(await runtime.stop('SIGTERM')).toBe(0);
  });
});
