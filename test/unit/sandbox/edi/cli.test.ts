import { EventEmitter, once } from 'node:events';
import { readdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EXAMPLE_EDIFACT_D01B } from '../../../../nodes/edi/partners';
import { parseEdiSandboxArgs, runEdiSandboxCli } from '../../../../sandbox/edi/cli';
import { drop, folders, order, purchaseOrder } from './helpers';

describe('EDI sandbox CLI', () => {
  it('parses the options in both spellings', () => {
    expect(parseEdiSandboxArgs(['--inbox', '/tmp/in', '--outbox=/tmp/out'])).toEqual({
      inbox: '/tmp/in',
      outbox: '/tmp/out',
      standard: 'x12',
      version: null,
      seed: null,
      pollIntervalMs: null,
    });
    expect(parseEdiSandboxArgs(['--inbox=/i', '--outbox', '/o', '--standard', 'edifact', '--version', 'D01B', '--seed', '9', '--poll-ms', '50'])).toEqual({
      inbox: '/i',
      outbox: '/o',
      standard: 'edifact',
      version: 'D01B',
      seed: 9,
      pollIntervalMs: 50,
    });
  });

  it.each([
    [['--outbox', '/o'], /--inbox and --outbox are required/],
    [['--inbox'], /--inbox needs a value/],
    [['--inbox', '/i', '--outbox', '/o', '--standard', 'tradacoms'], /--standard must be x12 or edifact/],
    [['--inbox', '/i', '--outbox', '/o', '--seed', '-1'], /--seed must be an integer/],
    [['--colour', 'red'], /unknown option --colour/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseEdiSandboxArgs(argv)).toThrow(message);
  });

  it('prints its ids, answers orders dropped in its inbox, and stops on SIGTERM', async () => {
    const f = await folders();
    const lines: string[] = [];
    const signals = new EventEmitter();
    const { sandbox, stopped } = await runEdiSandboxCli(
      ['--inbox', f.inbox, '--outbox', f.outbox, '--standard', 'edifact', '--version', 'D01B', '--poll-ms', '10'],
      { log: (l) => lines.push(l), signals },
    );
    try {
      expect(lines).toEqual([`edi sandbox edifact D01B supplier=14:4012345000009 buyer=14:4012345000008 inbox=${f.inbox} outbox=${f.outbox}`]);
      const answered = once(sandbox.control, 'answered');
      await drop(f.inbox, 'po.edi', purchaseOrder(order('P00777', EXAMPLE_EDIFACT_D01B.id, 3), EXAMPLE_EDIFACT_D01B));
      await answered;
      expect(lines[1]).toMatch(/^po\.edi: orders P00777 → 000000001-CONTRL\.edi 000000002-ORDRSP-P00777\.edi/);
      expect((await readdir(f.outbox)).length).toBeGreaterThanOrEqual(4);
    } finally {
      signals.emit('SIGTERM');
      await stopped;
      await rm(dirname(f.inbox), { recursive: true, force: true });
    }
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });
});
