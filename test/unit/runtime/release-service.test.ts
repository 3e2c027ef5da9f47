import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../nodes/ledger/store/open-store';
import type { LedgerStore } from '../../../nodes/ledger/store/types';
import { buildRelease, type Modules, type Release } from '../../../runtime/releases/bundle';
import type { FlowsNode } from '../../../runtime/releases/catalogue';
import { ReleaseRefusal, ReleaseService, type ReleasePolicy, type ReleaseTarget } from '../../../runtime/releases/service';

const MODULES: Modules = { planbridge: { version: '1.0.0', types: ['pb-track'] }, nodeRed: { version: '5.0.0' }, dashboard: null };

function tab(id: string, owner: string | null = 'integration team'): FlowsNode {
  const env = owner
    ? [
        { name: 'PLANBRIDGE_OWNER', value: owner, type: 'str' },
        { name: 'PLANBRIDGE_SERVICE_LEVEL', value: 'done by 06:00', type: 'str' },
      ]
    : [];
  return { id, type: 'tab', label: `Flow ${id}`, env };
}

function flows(code: string, x = 100): FlowsNode[] {
  return [
    tab('t1'),
    { id: 'n1', type: 'pb-track', z: 't1', x: 100, y: 100, name: 'track', ledger: 'l1', contract: 'stock_snapshot@1', wires: [['n2']] },
    { id: 'n2', type: 'function', z: 't1', x, y: 160, func: code, url: '${PLANBRIDGE_ODOO_URL}', wires: [[]] },
    { id: 'conn', type: 'odoo-config', url: 'x' },
  ];
}

function release(version: string, nodes: FlowsNode[], author = 'anna'): Release {
  return buildRelease({
    flows: nodes,
    credentialsTemplate: { conn: { apiKey: '${PLANBRIDGE_ODOO_API_KEY}' } },
    version,
    message: `release ${version}`,
    author,
    at: new Date('2026-12-08T08:00:00Z'),
    modules: MODULES,
  });
}

class FakeTarget implements ReleaseTarget {
  deployed: FlowsNode[] = flows('return msg;');
  deploys: Array<{ flows: FlowsNode[]; user: string }> = [];
  types = new Set(['tab', 'pb-track', 'function', 'odoo-config']);
  env: Record<string, string | undefined> = { PLANBRIDGE_ODOO_URL: 'http://odoo', PLANBRIDGE_ODOO_API_KEY: 'k' };
  credentials: Record<string, Record<string, string>> = { conn: { apiKey: '${PLANBRIDGE_ODOO_API_KEY}' } };

  async deployedFlows() {
    return this.deployed;
  }
  async deploy(nodes: FlowsNode[], user: string) {
    this.deploys.push({ flows: nodes, user });
    this.deployed = nodes.map(({ credentials: _c, ...n }) => n);
  }
  facts() {
    return {
      hasNodeType: (type: string) => this.types.has(type),
      env: this.env,
      credential: (id: string, name: string) => this.credentials[id]?.[name],
      knowsContract: (name: string) => name === 'stock_snapshot@1',
    };
  }
  templateCredentials() {
    return undefined;
  }
  holdsCredentials(id: string) {
    return id in this.credentials;
  }
  async modules() {
    return MODULES;
  }
}

/** The refusal a deploy ended with (fails the test when it went live). */
async function refusalOf(attempt: Promise<unknown>): Promise<ReleaseRefusal> {
  const outcome = await attempt.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(outcome instanceof ReleaseRefusal)) throw new Error(`expected a refusal, got ${String(outcome)}`);
  return outcome;
}

describe('release service', () => {
  let dir: string;
  let store: LedgerStore;
  let target: FakeTarget;
  let running: string | null;
  let clock: number;
  const service = (policy: Partial<ReleasePolicy> = {}) =>
    new ReleaseService(
      store.releases,
      target,
      { environment: 'prod', protected: true, signatures: 1, ...policy },
      (label) => (running = label),
      () => clock++,
    );

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-release-service-'));
    store = await openStore({ engine: 'sqlite', file: path.join(dir, 'ledger.db') });
    target = new FakeTarget();
    running = null;
    clock = 1_800_000_000_000;
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('deploys a release that passes its checks, keeps what ran before as a snapshot, records who and what changed', async () => {
    const svc = service();
    const r1 = release('1.0', flows('return msg; // 1.0', 140));
    const outcome = await svc.deploy(r1, 'ops');
    expect(target.deploys).toHaveLength(1);
    expect(target.deploys[0].user).toBe('ops');
    expect(outcome).toMatchObject({ unchanged: false, previous: { version: expect.stringMatching(/^snapshot-/) }, diff: { changed: 1, moved: 0, added: 0 } });
    expect(running).toBe(`1.0 ${r1.checksum}`);
    const status = await svc.status();
    expect(status.current).toMatchObject({ version: '1.0', modified: false, deployedBy: 'ops' });
    expect(status.events[0]).toMatchObject({ kind: 'deployed', version: '1.0', user: 'ops', environment: 'prod', detail: { diff: { changed: 1 } } });
    // The same release again changes nothing and records nothing.
    expect((await svc.deploy(r1, 'ops')).unchanged).toBe(true);
    expect(target.deploys).toHaveLength(1);
  });

  it('refuses a release the target cannot run, says every reason, records the refusal and leaves the flows alone', async () => {
    const svc = service();
    const nodes = flows('return msg;');
    nodes.push({ id: 'n3', type: 'wms-stock', z: 't1', x: 1, y: 1, wires: [] }, tab('t2', null));
    const r = release('2.0', nodes);
    delete target.env.PLANBRIDGE_ODOO_URL;
    target.env.PLANBRIDGE_ODOO_API_KEY = '';
    target.types.delete('function');
    const refusal = await refusalOf(svc.deploy(r, 'ops'));
    expect(refusal).toBeInstanceOf(ReleaseRefusal);
    expect(refusal.status).toBe(409);
    expect(refusal.problems.map((p) => `${p.code} ${p.subject}`).sort()).toEqual([
      'CATALOGUE_INCOMPLETE Flow t2',
      'CREDENTIAL_MISSING conn/apiKey',
      'ENV_MISSING PLANBRIDGE_ODOO_URL',
      'NODE_TYPE_MISSING function',
      'NODE_TYPE_MISSING wms-stock',
    ]);
    expect(target.deploys).toHaveLength(0);
    const [event] = (await svc.status()).events;
    expect(event).toMatchObject({ kind: 'refused', version: '2.0', user: 'ops', detail: { action: 'deploy' } });
    expect((event.detail.problems as unknown[]).length).toBe(5);
  });

  it('refuses a bundle changed after it was made', async () => {
    const r = release('1.0', flows('return msg;'));
    const tampered = { ...r, flows: flows('return null;') };
    const refusal = await refusalOf(service().deploy(tampered, 'ops'));
    expect(refusal.problems.map((p) => p.code)).toEqual(['RELEASE_CHECKSUM_INVALID']);
    expect(target.deploys).toHaveLength(0);
  });

  it('with four eyes, a protected instance takes a release only once someone other than its author approved it', async () => {
    const svc = service({ signatures: 2 });
    const r = release('1.0', flows('return 1;'), 'anna');
    const unapproved = await refusalOf(svc.deploy(r, 'anna'));
    expect(unapproved.problems.map((p) => p.code)).toEqual(['APPROVAL_MISSING']);
    const byAuthor = await refusalOf(svc.approve(r, 'anna'));
    expect(byAuthor).toMatchObject({ code: 'APPROVAL_BY_AUTHOR', status: 403 });
    expect((await refusalOf(svc.deploy(r, 'anna'))).code).toBe('RELEASE_REFUSED');
    expect(await svc.approve(r, 'rita')).toMatchObject({ approvals: ['rita'] });
    await svc.deploy(r, 'anna');
    expect(target.deploys).toHaveLength(1);
    const kinds = (await svc.status()).events.map((e) => `${e.kind} ${e.user}`);
    expect(kinds).toEqual(['deployed anna', 'approved rita', 'refused anna', 'refused anna', 'refused anna']);
    // Unprotected instances take releases without approvals.
    await expect(service({ signatures: 2, protected: false }).deploy(release('1.1', flows('return 2;')), 'anna')).resolves.toMatchObject({ unchanged: false });
  });

  it('rolls back one step at a time, to a named version, and to the flows that ran before the first release', async () => {
    const svc = service();
    const original = target.deployed;
    const r1 = release('1.0', flows('return 1;'));
    const r2 = release('1.1', flows('return 2;'));
    const r3 = release('1.2', flows('return 3;'));
    for (const r of [r1, r2, r3]) await svc.deploy(r, 'ops');
    expect(await svc.rollback('ops')).toMatchObject({ release: { version: '1.1' }, previous: { version: '1.2' } });
    expect(running).toBe(`1.1 ${r2.checksum}`);
    expect(await svc.rollback('ops')).toMatchObject({ release: { version: '1.0' } });
    expect((await svc.rollback('ops')).release.version).toMatch(/^snapshot-/);
    expect(target.deployed).toEqual(original);
    expect(running).toBe(`${(await svc.status()).current?.version} ${(await svc.status()).current?.checksum}`);
    await expect(svc.rollback('ops')).rejects.toMatchObject({ code: 'NOTHING_TO_ROLL_BACK' });
    expect(await svc.rollback('ops', '1.2')).toMatchObject({ release: { version: '1.2' } });
    await expect(svc.rollback('ops', '9.9')).rejects.toMatchObject({ code: 'RELEASE_NOT_FOUND', status: 404 });
    const kinds = (await svc.status()).events.map((e) => `${e.kind} ${e.version?.replace(/^snapshot-.*/, 'snapshot')}`);
    expect(kinds).toEqual(['rolled-back 1.2', 'rolled-back snapshot', 'rolled-back 1.0', 'rolled-back 1.1', 'deployed 1.2', 'deployed 1.1', 'deployed 1.0']);
  });

  it('says when the live release was changed in the editor since, and its messages are then stamped with no release', async () => {
    const svc = service();
    const r1 = release('1.0', flows('return 1;'));
    await svc.deploy(r1, 'ops');
    target.deployed = flows('return 1; // edited in the editor');
    await svc.refreshRunning();
    expect(running).toBeNull();
    expect((await svc.status()).current).toMatchObject({ version: '1.0', modified: true });
    // The edited flows are kept as a snapshot when the next release goes live, so a rollback finds them.
    await svc.deploy(release('1.1', flows('return 2;')), 'ops');
    const back = await svc.rollback('ops');
    expect(back.release.version).toMatch(/^snapshot-/);
    expect(target.deployed).toEqual(flows('return 1; // edited in the editor'));
  });
});
