import { EventEmitter, once } from 'node:events';
import { DEFAULT_CLI_PORT, parseOdooSandboxArgs, runOdooSandboxCli } from '../../../../sandbox/odoo/cli';
import { jsonRpc } from './wire';

describe('parseOdooSandboxArgs', () => {
  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(
      parseOdooSandboxArgs([
        '--port',
        '0',
        '--odoo-version=17',
        '--seed',
        '9',
        '--products',
        '500',
        '--db',
        'demo',
        '--login=boss',
        '--password',
        'pw',
        '--api-key',
        'k3y',
      ]),
    ).toEqual({ port: 0, version: 17, seed: 9, products: 500, db: 'demo', login: 'boss', password: 'pw', apiKey: 'k3y' });
  });

  it('defaults to Odoo 19 on port 8069 with no fixed secret', () => {
    const options = parseOdooSandboxArgs([]);
    expect(options).toEqual({ port: DEFAULT_CLI_PORT, version: 19 });
    expect(options.password).toBeUndefined();
    expect(options.apiKey).toBeUndefined();
  });

  it.each<[string[], RegExp]>([
    [['--nope', '1'], /unknown option --nope/],
    [['--port'], /--port needs a value/],
    [['--products', 'many'], /--products needs a non-negative integer/],
    [['--odoo-version', '15'], /--odoo-version must be one of 16, 17, 18, 19, 20/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseOdooSandboxArgs(argv)).toThrow(message);
  });
});

describe('runOdooSandboxCli', () => {
  it('prints one line with the URL and generated credentials, and stops on SIGTERM', async () => {
    const lines: string[] = [];
    const signals = new EventEmitter();
    const sb = await runOdooSandboxCli(['--port', '0', '--products', '30', '--odoo-version', '18'], { log: (l) => lines.push(l), signals });
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Odoo 18 sandbox at ${sb.url} db=sandbox login=admin password=${sb.password} api_key=${sb.apiKey}`);
      expect(sb.password).toMatch(/^[\w-]{16}$/);
      expect(sb.apiKey).toMatch(/^[0-9a-f]{40}$/);
      expect((await jsonRpc(sb.url, 'common', 'login', ['sandbox', 'admin', sb.password])).result).toBe(2);
      expect(signals.listenerCount('SIGTERM')).toBe(1);
      signals.emit('SIGTERM');
      expect(signals.listenerCount('SIGTERM')).toBe(0);
      await expect(fetch(`${sb.url}/jsonrpc`, { method: 'POST', signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    } finally {
      await sb.stop();
    }
  });

  it('generates different secrets on every start', async () => {
    const signals = new EventEmitter();
    const a = await runOdooSandboxCli(['--port', '0', '--products', '10'], { log: () => undefined, signals });
    const b = await runOdooSandboxCli(['--port', '0', '--products', '10'], { log: () => undefined, signals });
    try {
      expect(a.password).not.toBe(b.password);
      expect(a.apiKey).not.toBe(b.apiKey);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      expect(signals.listenerCount('SIGINT')).toBe(0);
    }
  });

  it('stops on SIGINT as well', async () => {
    const signals = new EventEmitter();
    const sb = await runOdooSandboxCli(['--port', '0', '--products', '10'], { log: () => undefined, signals });
    const closed = once(signals, 'SIGINT');
    signals.emit('SIGINT');
    await closed;
    await expect(fetch(`${sb.url}/jsonrpc`, { method: 'POST', signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
