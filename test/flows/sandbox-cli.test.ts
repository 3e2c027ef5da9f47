import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/runtime-process';

/** Runs `planbridge sandbox …` until it prints a line matching `ready`; returns the match and a stop function. */
async function startSandboxCommand(args: string[], ready: RegExp) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'planbridge.js'), 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners: Array<(all: string) => void> = [];
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve(found);
    };
    child.stdout.on('data', onData);
    child.stdout.on('data', () => listeners.forEach((l) => l(output)));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  child.removeAllListeners('exit');
  return {
    match,
    /** Calls back with everything printed so far, now and on every later output. */
    onOutput(listener: (all: string) => void): void {
      listeners.push(listener);
      listener(output);
    },
    async stop(): Promise<number | null> {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

describe('planbridge sandbox …', () => {
  it('runs the planning platform on a chosen token until SIGTERM', async () => {
    const sandbox = await startSandboxCommand(
      ['planning', '--port', '0', '--token', 'cli-token', '--seed', '3'],
      /listening on (http:\/\/127\.0\.0\.1:\d+) token=cli-token/,
    );
    const response = await fetch(`${sandbox.match[1]}/api/v1/datasets`, { headers: { Authorization: 'Bearer cli-token' } });
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('demand_history');
    expect((await fetch(`${sandbox.match[1]}/api/v1/datasets`)).status).toBe(401);
    expect(await sandbox.stop()).toBe(0);
  });

  it('runs a sandbox Odoo of the chosen version', async () => {
    const sandbox = await startSandboxCommand(
      ['odoo', '--port', '0', '--odoo-version', '18', '--products', '40'],
      /Odoo 18 sandbox at (http:\/\/127\.0\.0\.1:\d+)/,
    );
    const response = await fetch(`${sandbox.match[1]}/web/webclient/version_info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","params":{}}',
    });
    expect(((await response.json()) as { result: { server_version_info: number[] } }).result.server_version_info[0]).toBe(18);
    expect(await sandbox.stop()).toBe(0);
  });

  it('runs the sandbox WMS with a chosen API key until SIGTERM', async () => {
    const sandbox = await startSandboxCommand(
      ['wms', '--port', '0', '--api-key', 'cli-key', '--seed', '3'],
      /wms sandbox listening on (http:\/\/127\.0\.0\.1:\d+) api-key=cli-key/,
    );
    const response = await fetch(`${sandbox.match[1]}/api/v1/stock?limit=2`, { headers: { 'X-Api-Key': 'cli-key' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(2);
    expect((await fetch(`${sandbox.match[1]}/api/v1/stock`)).status).toBe(401);
    expect(await sandbox.stop()).toBe(0);
  });

  it('runs the EDI supplier on a folder pair, answering what is dropped in its inbox', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'pb-edi-cli-'));
    const [inbox, outbox] = [path.join(root, 'in'), path.join(root, 'out')];
    try {
      const sandbox = await startSandboxCommand(
        ['edi', '--inbox', inbox, '--outbox', outbox, '--poll-ms', '20'],
        /edi sandbox x12 004010 supplier=ZZ:ACMESUPPLY buyer=ZZ:PLANBRIDGE/,
      );
      const answered = new Promise<void>((resolve) => sandbox.onOutput((all) => all.includes('junk.x12: no order') && resolve()));
      await writeFile(path.join(inbox, 'junk.x12'), 'not an interchange');
      await answered;
      expect(await readdir(outbox)).toEqual(['000000001-997.x12']);
      expect(await sandbox.stop()).toBe(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('names the sandboxes it has when asked for another', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'planbridge.js'), 'sandbox', 'sap'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(output).toContain('available: odoo, planning, wms, edi');
  });
});
