import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { editorPermissions } from '../../../runtime/permissions';
import { UserStore } from '../../../runtime/users';

describe('UserStore', () => {
  let dir: string;
  let store: UserStore;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-users-'));
    store = new UserStore(path.join(dir, 'users.json'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('stores only a bcrypt hash, in a file only its owner can read', async () => {
    await store.upsert('anna', { password: 'a-long-password-1', roles: ['planner'] });
    const text = await fs.readFile(store.file, 'utf8');
    expect(text).not.toContain('a-long-password-1');
    expect(JSON.parse(text).users[0].password).toMatch(/^\$2[aby]\$10\$/);
    expect((await fs.stat(store.file)).mode & 0o777).toBe(0o600);
  });

  it('verifies the right password only', async () => {
    await store.upsert('anna', { password: 'a-long-password-1', roles: ['planner'] });
    expect((await store.verify('anna', 'a-long-password-1'))?.roles).toEqual(['planner']);
    expect(await store.verify('anna', 'wrong-password-xx')).toBeUndefined();
    expect(await store.verify('nobody', 'a-long-password-1')).toBeUndefined();
  });

  it('changes roles without touching the password, and removes users', async () => {
    await store.upsert('bob', { password: 'another-password', roles: ['viewer'] });
    await store.upsert('bob', { roles: ['analyst', 'planner'] });
    expect((await store.verify('bob', 'another-password'))?.roles).toEqual(['analyst', 'planner']);
    expect(await store.remove('bob')).toBe(true);
    expect(await store.find('bob')).toBeUndefined();
  });

  it('refuses to create a user without a password or roles, and bad names', async () => {
    await expect(store.upsert('carl', { roles: ['viewer'] })).rejects.toThrow('does not exist');
    await expect(store.upsert('bad name', { password: 'x'.repeat(12), roles: ['viewer'] })).rejects.toThrow('not a valid user name');
  });

  it('sees changes another process made to the file once its freshness window has passed', async () => {
    const running = new UserStore(store.file, 0);
    expect(await running.list()).toEqual([]);
    await store.upsert('dora', { password: 'dora-password-1', roles: ['viewer'] });
    expect((await running.find('dora'))?.roles).toEqual(['viewer']);
  });
});

describe('editorPermissions', () => {
  it('gives admins everything, analysts flows without the palette, viewers read, planners no editor', () => {
    expect(editorPermissions(['admin'])).toBe('*');
    const analyst = editorPermissions(['analyst']) as string[];
    expect(analyst).toEqual(expect.arrayContaining(['read', 'flows.write', 'pb-validate.write']));
    expect(analyst).not.toContain('nodes.write');
    expect(analyst).not.toContain('*');
    expect(editorPermissions(['viewer'])).toBe('read');
    expect(editorPermissions(['planner'])).toBeNull();
    expect(editorPermissions(['planner', 'viewer'])).toBe('read');
  });

  it('gives the release role releases and a read-only editor', () => {
    expect(editorPermissions(['release'])).toEqual(['read', 'releases.write']);
    expect(editorPermissions(['analyst', 'release'])).toEqual(expect.arrayContaining(['flows.write', 'releases.write']));
  });

  it('on a protected instance nobody may deploy from the editor; operating the flows and releases stay', () => {
    for (const roles of [['admin'], ['analyst'], ['analyst', 'release'], ['release'], ['viewer']] as const) {
      const permissions = editorPermissions(roles, true);
      expect(permissions).not.toBe('*');
      expect(permissions).not.toContain('flows.write');
    }
    expect(editorPermissions(['admin'], true)).toEqual(
      expect.arrayContaining(['read', 'releases.write', 'planbridge.write', 'approvals.write', 'inject.write']),
    );
    expect(editorPermissions(['analyst'], true)).toEqual(expect.arrayContaining(['read', 'planbridge.write']));
    expect(editorPermissions(['analyst'], true)).not.toContain('releases.write');
    expect(editorPermissions(['viewer'], true)).toBe('read');
    expect(editorPermissions(['planner'], true)).toBeNull();
  });
});
