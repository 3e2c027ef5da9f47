import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminLogin, startRuntimeProcess, type RuntimeProcess } from '../helpers/runtime-process';

const PASSWORD = 'migrations-admin-password';

const oldFlows = [
  { id: 'tab', type: 'tab', label: 'old' },
  { id: 'ledger', type: 'ledger-config', engine: 'sqlite', file: 'ledger.db', leaseSeconds: '30' },
  {
    id: 'release',
    type: 'pb-approval',
    z: 'tab',
    ledger: 'ledger',
    action: 'release',
    maxValue: '',
    supplierAllowList: '',
    maxChangePercent: '',
    x: 100,
    y: 100,
    wires: [['sink'], []],
  },
  {
    id: 'mark',
    type: 'pb-approval',
    z: 'tab',
    ledger: 'ledger',
    action: 'executed',
    maxValue: '',
    supplierAllowList: '',
    maxChangePercent: '',
    x: 100,
    y: 200,
    wires: [[], ['sink']],
  },
  { id: 'sink', type: 'debug', z: 'tab', active: false, x: 300, y: 100, wires: [] },
];

describe('flows saved by an earlier planbridge', () => {
  let runtime: RuntimeProcess;
  let dir: string;
  let flowsFile: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-migrate-'));
    flowsFile = path.join(dir, 'flows.json');
    await fs.writeFile(flowsFile, JSON.stringify(oldFlows, null, 4));
    runtime = await startRuntimeProcess({ PLANBRIDGE_USER_DIR: dir, PLANBRIDGE_FLOWS_FILE: flowsFile, PLANBRIDGE_ADMIN_PASSWORD: PASSWORD });
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('are migrated when the runtime loads them, the old file kept beside, and run as the new node types', async () => {
    const saved = JSON.parse(await fs.readFile(flowsFile, 'utf8')) as Array<{ id: string; type: string; wires?: string[][] }>;
    expect(saved.filter((n) => ['release', 'mark'].includes(n.id)).map((n) => [n.type, n.wires])).toEqual([
      ['pb-approval-release', [['sink']]],
      ['pb-approval-executed', [['sink']]],
    ]);
    expect(JSON.parse(await fs.readFile(path.join(dir, '.flows.json.pre-migration'), 'utf8'))).toEqual(oldFlows);
    expect(runtime.output()).toMatch(/planbridge: migrated release \(pb-approval\): /);
    const api = await adminLogin(runtime.url, 'admin', PASSWORD);
    const deployed = (await (await api.get('/flows')).json()) as Array<{ id: string; type: string }>;
    expect(deployed.find((n) => n.id === 'mark')?.type).toBe('pb-approval-executed');
    expect(runtime.output()).not.toMatch(/\[error\]|missing-types|Waiting for missing types/);
  });

  it('are migrated when deployed through the admin API, as an older editor or an export sends them', async () => {
    const api = await adminLogin(runtime.url, 'admin', PASSWORD);
    const again = oldFlows.map((n) => (n.id === 'release' ? { ...n, id: 'release-2' } : n));
    const deploy = await api.post('/flows', again, { 'Node-RED-Deployment-Type': 'full' });
    expect(deploy.status).toBe(204);
    const deployed = (await (await api.get('/flows')).json()) as Array<{ id: string; type: string; wires?: string[][] }>;
    expect(deployed.find((n) => n.id === 'release-2')).toMatchObject({ type: 'pb-approval-release', wires: [['sink']] });
    expect(runtime.output()).toMatch(/planbridge: deploy migrated release-2 \(pb-approval\): /);
  });
});
