import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApplyingTarget, type ApplyingTarget } from '../fakes/applying-target';
import { adminLogin, runCli, startRuntimeProcess, type RuntimeProcess } from '../helpers/runtime-process';

const ADMIN_PASSWORD = 'release-test-admin-password';
const PASSWORD = 'release-test-password';

type FlowNode = Record<string, unknown> & { id: string; type: string };

/** The crash-test fixture (http in → pb-track → pb-dedupe → rest-request → pb-complete), catalogued so a release may carry it. */
async function fixtureFlows(): Promise<FlowNode[]> {
  const flows = JSON.parse(await fs.readFile(path.join(__dirname, '..', 'fixtures', 'flows', 'crash-test.json'), 'utf8')) as FlowNode[];
  const tab = flows.find((n) => n.type === 'tab') as FlowNode;
  tab.env = [
    { name: 'PLANBRIDGE_OWNER', value: 'integration team', type: 'str' },
    { name: 'PLANBRIDGE_SERVICE_LEVEL', value: 'each message applied within 1 minute', type: 'str' },
  ];
  return flows;
}

describe('releases on a protected instance: a read-only editor, checks and four eyes', () => {
  let dir: string;
  let target: ApplyingTarget;
  let runtime: RuntimeProcess | undefined;
  let env: NodeJS.ProcessEnv;
  const as = (user: string) => ['--url', runtime?.url ?? '', '--user', user, '--password', user === 'admin' ? ADMIN_PASSWORD : PASSWORD];
  const release = async (flows: FlowNode[], version: string): Promise<string> => {
    const flowsFile = path.join(dir, `flows-${version}.json`);
    await fs.writeFile(flowsFile, JSON.stringify(flows, null, 4));
    const out = path.join(dir, `release-${version}.json`);
    const made = await runCli(['release', 'create', flowsFile, '--version', version, '--message', `release ${version}`, '--author', 'anna', '--out', out], {});
    expect(made.code).toBe(0);
    return out;
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-release-deploy-'));
    target = await startApplyingTarget(40);
    const userDir = path.join(dir, 'instance');
    await fs.mkdir(userDir);
    await fs.writeFile(path.join(userDir, 'flows.json'), JSON.stringify(await fixtureFlows(), null, 4));
    env = {
      PLANBRIDGE_USER_DIR: userDir,
      PLANBRIDGE_FLOWS_FILE: path.join(userDir, 'flows.json'),
      PLANBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PLANBRIDGE_ENV: 'prod',
      PLANBRIDGE_PROTECTED: 'true',
      PLANBRIDGE_RELEASE_APPROVERS: '2',
      PB_TEST_TARGET_URL: target.url,
    };
    for (const [user, role] of [
      ['anna', 'analyst'],
      ['rita', 'release'],
    ])
      expect((await runCli(['user', 'add', user, '--role', role], { PLANBRIDGE_USER_DIR: userDir, PLANBRIDGE_NEW_PASSWORD: PASSWORD })).code).toBe(0);
    runtime = await startRuntimeProcess(env);
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    await target.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('opens the editor read-only and refuses a deploy through the admin API with 403, whoever asks', async () => {
    const admin = await adminLogin(runtime!.url, 'admin', ADMIN_PASSWORD);
    const settings = (await (await admin.get('/settings')).json()) as { user?: { permissions?: unknown } };
    expect(settings.user?.permissions).not.toBe('*');
    expect(settings.user?.permissions).not.toContain('flows.write');
    const flows = (await (await admin.get('/flows')).json()) as unknown;
    const refused = await admin.post('/flows', flows, { 'node-red-deployment-type': 'full' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: { code: 'INSTANCE_PROTECTED', message: expect.stringMatching(/prod is a protected instance.*release deploy/) },
    });
    const analyst = await adminLogin(runtime!.url, 'anna', PASSWORD);
    expect((await analyst.post('/flow', { label: 'new', nodes: [] })).status).toBe(403);
    // An analyst may not deploy releases either: that is the release role's.
    const file = await release(await fixtureFlows(), 'analyst-try');
    const byAnalyst = await runCli(['release', 'deploy', file, ...as('anna')], {});
    expect(byAnalyst.code).toBe(1);
  }, 60_000);

  it('refuses a release whose node type is not installed or whose variable is not set, and one nobody else approved; records each with its user', async () => {
    const flows = await fixtureFlows();
    flows.push(
      { id: 'bad-out', type: 'acme-erp-out', z: 'crash-tab', x: 300, y: 300, wires: [] },
      {
        id: 'bad-set',
        type: 'change',
        z: 'crash-tab',
        x: 300,
        y: 360,
        name: 'tag',
        rules: [{ t: 'set', p: 'topic', pt: 'msg', to: '${PB_NOT_SET_HERE}', tot: 'str' }],
        wires: [[]],
      },
    );
    const broken = await runCli(['release', 'deploy', await release(flows, '0.9'), ...as('rita')], {});
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/NODE_TYPE_MISSING: Node type acme-erp-out is not installed/);
    expect(broken.output).toMatch(/ENV_MISSING: Environment variable PB_NOT_SET_HERE is not set on the target/);

    const unapproved = await runCli(['release', 'deploy', await release(await fixtureFlows(), '1.0'), ...as('anna')], {});
    expect(unapproved.code).toBe(1);
    const byRita = await runCli(['release', 'deploy', path.join(dir, 'release-1.0.json'), ...as('rita')], {});
    expect(byRita.code).toBe(1);
    expect(byRita.output).toMatch(/APPROVAL_MISSING: Release 1\.0 needs 1 more approval by a user with the release role other than its author \(anna\)/);
    const status = await runCli(['release', 'status', ...as('admin')], {});
    expect(status.output).toMatch(/^prod \(protected\): runs no release/);
    expect(status.output).toMatch(/refused +1\.0 +by rita/);
    expect(status.output).toMatch(/refused +0\.9 +by rita/);
  }, 60_000);
});
