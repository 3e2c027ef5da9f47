import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrapUserDir } from '../../../runtime/bootstrap';
import { UserStore } from '../../../runtime/users';

describe('bootstrapUserDir', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-boot-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('on a first start without a password creates an admin, prints its password once and stores its hash', async () => {
    const env: NodeJS.ProcessEnv = {};
    const first = await bootstrapUserDir(dir, env);
    const line = first.notices.find((l) => l.includes('password:')) as string;
    const password = line.split('password: ')[1];
    expect(password.length).toBeGreaterThanOrEqual(20);
    const store = new UserStore(path.join(dir, 'users.json'));
    expect((await store.verify('admin', password))?.roles).toEqual(['admin']);
    expect(await fs.readFile(path.join(dir, 'users.json'), 'utf8')).not.toContain(password);

    const second = await bootstrapUserDir(dir, {});
    expect(second.notices).toEqual([]);
  });

  it('generates the secrets once, warns about the credential secret, and reuses them', async () => {
    const env: NodeJS.ProcessEnv = { PLANBRIDGE_ADMIN_PASSWORD: 'the-admin-password' };
    const first = await bootstrapUserDir(dir, env);
    expect(first.warnings.join()).toContain('PLANBRIDGE_CREDENTIAL_SECRET');
    const again: NodeJS.ProcessEnv = { PLANBRIDGE_ADMIN_PASSWORD: 'the-admin-password' };
    const second = await bootstrapUserDir(dir, again);
    expect(second.warnings).toEqual([]);
    expect(again.PLANBRIDGE_CREDENTIAL_SECRET).toBe(env.PLANBRIDGE_CREDENTIAL_SECRET);
    expect(again.PLANBRIDGE_SESSION_SECRET).toBe(env.PLANBRIDGE_SESSION_SECRET);
    expect((await fs.stat(path.join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('takes the credential secret from the environment without writing it anywhere', async () => {
    const env: NodeJS.ProcessEnv = { PLANBRIDGE_CREDENTIAL_SECRET: 'from-the-environment', PLANBRIDGE_ADMIN_PASSWORD: 'the-admin-password' };
    const report = await bootstrapUserDir(dir, env);
    expect(report.warnings).toEqual([]);
    expect(await fs.readFile(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('from-the-environment');
  });

  it('sets the admin password from PLANBRIDGE_ADMIN_PASSWORD, and changes it when that changes', async () => {
    await bootstrapUserDir(dir, { PLANBRIDGE_ADMIN_PASSWORD: 'first-password-1' });
    await bootstrapUserDir(dir, { PLANBRIDGE_ADMIN_PASSWORD: 'second-password-2' });
    const store = new UserStore(path.join(dir, 'users.json'));
    expect(await store.verify('admin', 'first-password-1')).toBeUndefined();
    expect(await store.verify('admin', 'second-password-2')).toBeDefined();
  });

  it('refuses a short admin password', async () => {
    await expect(bootstrapUserDir(dir, { PLANBRIDGE_ADMIN_PASSWORD: 'short' })).rejects.toThrow('at least 12');
  });
});
