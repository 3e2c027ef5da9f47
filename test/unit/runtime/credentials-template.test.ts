import { createDecipheriv, createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyCredentialTemplate } from '../../../runtime/credentials-template';

function decrypt(secret: string, sealed: { $: string }): Record<string, Record<string, string>> {
  const key = createHash('sha256').update(secret).digest();
  const decipher = createDecipheriv('aes-256-ctr', key, Buffer.from(sealed.$.slice(0, 32), 'hex'));
  return JSON.parse(decipher.update(sealed.$.slice(32), 'base64', 'utf8') + decipher.final('utf8'));
}

describe('applyCredentialTemplate', () => {
  let dir: string;
  let flowsFile: string;
  let userDir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-cred-'));
    flowsFile = path.join(dir, 'flows', 'flows.json');
    userDir = path.join(dir, 'user');
    await fs.mkdir(path.dirname(flowsFile), { recursive: true });
    await fs.mkdir(userDir);
    await fs.writeFile(flowsFile, '[]');
    await fs.writeFile(path.join(dir, 'flows', 'credentials.template.json'), JSON.stringify({ mqtt: { user: '${MQTT_USER}', password: '${MQTT_PASSWORD}' } }));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('adds the placeholders, encrypted as Node-RED does, to the credentials file in the user directory', async () => {
    expect(await applyCredentialTemplate(flowsFile, userDir, 'secret-1')).toEqual({ added: ['mqtt'] });
    const sealed = JSON.parse(await fs.readFile(path.join(userDir, 'flows_cred.json'), 'utf8'));
    expect(decrypt('secret-1', sealed)).toEqual({ mqtt: { user: '${MQTT_USER}', password: '${MQTT_PASSWORD}' } });
  });

  it('never overwrites credentials that are already there', async () => {
    await applyCredentialTemplate(flowsFile, userDir, 'secret-1');
    const credFile = path.join(userDir, 'flows_cred.json');
    const before = await fs.readFile(credFile, 'utf8');
    expect(await applyCredentialTemplate(flowsFile, userDir, 'secret-1')).toEqual({ added: [] });
    expect(await fs.readFile(credFile, 'utf8')).toBe(before);
  });

  it('leaves a file encrypted with another secret alone, and says so', async () => {
    await applyCredentialTemplate(flowsFile, userDir, 'secret-1');
    const result = await applyCredentialTemplate(flowsFile, userDir, 'secret-2');
    expect(result.added).toEqual([]);
    expect(result.warning).toContain('another credential secret');
  });

  it('without a template, still creates the credentials file in the user directory, never beside the flows (Node-RED 5)', async () => {
    await fs.rm(path.join(dir, 'flows', 'credentials.template.json'));
    expect(await applyCredentialTemplate(flowsFile, userDir, 'secret-1')).toEqual({ added: [] });
    expect(decrypt('secret-1', JSON.parse(await fs.readFile(path.join(userDir, 'flows_cred.json'), 'utf8')))).toEqual({});
    await expect(fs.access(path.join(dir, 'flows', 'flows_cred.json'))).rejects.toThrow();
  });

  it('adds to a credentials file Node-RED 5 already keeps beside the flows, instead of starting another', async () => {
    const beside = path.join(dir, 'flows', 'flows_cred.json');
    await fs.writeFile(beside, JSON.stringify({ other: { token: 'kept' } }));
    expect(await applyCredentialTemplate(flowsFile, userDir, 'secret-1')).toEqual({ added: ['mqtt'] });
    expect(decrypt('secret-1', JSON.parse(await fs.readFile(beside, 'utf8')))).toEqual({
      other: { token: 'kept' },
      mqtt: { user: '${MQTT_USER}', password: '${MQTT_PASSWORD}' },
    });
    await expect(fs.access(path.join(userDir, 'flows_cred.json'))).rejects.toThrow();
  });
});
