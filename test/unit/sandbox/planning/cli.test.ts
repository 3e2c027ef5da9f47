import { EventEmitter, once } from 'node:events';
import { parsePlanningSandboxArgs, runPlanningSandboxCli } from '../../../../sandbox/planning/cli';

describe('planning sandbox CLI', () => {
  it('parses the options in both spellings', () => {
    expect(parsePlanningSandboxArgs([])).toEqual({ port: 0, token: null, seed: null, inbox: null, outbox: null });
    expect(parsePlanningSandboxArgs(['--port', '8123', '--token=abc', '--seed', '7', '--inbox', '/tmp/in', '--outbox=/tmp/out'])).toEqual({
      port: 8123,
      token: 'abc',
      seed: 7,
      inbox: '/tmp/in',
      outbox: '/tmp/out',
    });
  });

  it.each([
    [['--port'], /--port needs a value/],
    [['--port', 'x'], /--port must be an integer/],
    [['--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['--seed', '-1'], /--seed must be an integer/],
    [['--colour', 'red'], /unknown option --colour/],
  ])('refuses %j', (argv, message) => {
    expect(() => parsePlanningSandboxArgs(argv)).toThrow(message);
  });

  it('prints one line with URL and token and stops on SIGTERM', async () => {
    const lines: string[] = [];
    const signals = new EventEmitter();
    const { sandbox, stopped } = await runPlanningSandboxCli(['--port', '0', '--token', 'tok'], { log: (l) => lines.push(l), signals });
    expect(lines).toEqual([`planning sandbox listening on ${sandbox.url} token=tok`]);
    const res = await fetch(`${sandbox.url}/api/v1/datasets`, { headers: { authorization: 'Bearer tok' } });
    expect(res.status).toBe(200);
    signals.emit('SIGTERM');
    await stopped;
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
    await expect(fetch(`${sandbox.url}/api/v1/datasets`)).rejects.toThrow();
  });

  it('makes up a random token when none is given and stops on SIGINT', async () => {
    const lines: string[] = [];
    const signals = new EventEmitter();
    const { sandbox, stopped } = await runPlanningSandboxCli([], { log: (l) => lines.push(l), signals });
    expect(sandbox.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(lines[0]).toContain(`token=${sandbox.token}`);
    const closed = once(signals, 'SIGINT');
    signals.emit('SIGINT');
    await closed;
    await stopped;
  });
});
