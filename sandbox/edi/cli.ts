import type { EventEmitter } from 'node:events';
import { startEdiSandbox, type EdiSandbox, type ReceivedFile } from './index';
import type { Standard } from './supplier';

export interface EdiSandboxArgs {
  inbox: string;
  outbox: string;
  standard: Standard;
  version: string | null;
  seed: number | null;
  pollIntervalMs: number | null;
}

const USAGE = 'usage: planbridge sandbox edi --inbox DIR --outbox DIR [--standard x12|edifact] [--version V] [--seed N] [--poll-ms MS]';

/** Parses `--name value` and `--name=value`; throws with the usage line on anything else. */
export function parseEdiSandboxArgs(argv: readonly string[]): EdiSandboxArgs {
  const args: Partial<EdiSandboxArgs> & { standard: Standard } = { standard: 'x12', version: null, seed: null, pollIntervalMs: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value\n${USAGE}`);
    switch (flag) {
      case '--inbox':
        args.inbox = value;
        break;
      case '--outbox':
        args.outbox = value;
        break;
      case '--standard':
        if (value !== 'x12' && value !== 'edifact') throw new Error(`--standard must be x12 or edifact\n${USAGE}`);
        args.standard = value;
        break;
      case '--version':
        args.version = value;
        break;
      case '--seed':
        args.seed = integer(value, flag, 0, 2 ** 32 - 1);
        break;
      case '--poll-ms':
        args.pollIntervalMs = integer(value, flag, 1, 3_600_000);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (!args.inbox || !args.outbox) throw new Error(`--inbox and --outbox are required\n${USAGE}`);
  return args as EdiSandboxArgs;
}

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min} to ${max}\n${USAGE}`);
  return n;
}

export interface CliIo {
  log: (line: string) => void;
  /** Where SIGINT/SIGTERM come from; process by default, an EventEmitter in tests. */
  signals: Pick<EventEmitter, 'once' | 'off'>;
}

/**
 * Starts the supplier from command-line arguments, prints one line with its folders and ids and one
 * per answered file, and stops on SIGINT or SIGTERM. `stopped` resolves once the last pass is done.
 */
export async function runEdiSandboxCli(
  argv: readonly string[],
  io: CliIo = { log: (l) => console.log(l), signals: process },
): Promise<{ sandbox: EdiSandbox; stopped: Promise<void> }> {
  const args = parseEdiSandboxArgs(argv);
  const sandbox = await startEdiSandbox({
    inbox: args.inbox,
    outbox: args.outbox,
    standard: args.standard,
    keepAlive: true,
    ...(args.version !== null && { version: args.version }),
    ...(args.seed !== null && { seed: args.seed }),
    ...(args.pollIntervalMs !== null && { pollIntervalMs: args.pollIntervalMs }),
  });
  const id = (p: { id: string; qualifier: string }) => `${p.qualifier}:${p.id}`;
  io.log(
    `edi sandbox ${sandbox.standard} ${sandbox.version} supplier=${id(sandbox.supplierId)} buyer=${id(sandbox.buyerId)} inbox=${sandbox.inbox} outbox=${sandbox.outbox}`,
  );
  sandbox.control.on('answered', (r: ReceivedFile) => {
    const what = r.orders.length > 0 ? `orders ${r.orders.map((o) => o.poNumber).join(', ')}` : 'no order';
    io.log(`${r.name}: ${what}${r.refusals.length > 0 ? `; refused: ${r.refusals.join('; ')}` : ''} → ${r.answers.join(' ')}`);
  });
  sandbox.control.on('poll-error', (err: unknown) => io.log(`poll failed: ${err instanceof Error ? err.message : String(err)}`));
  const stopped = new Promise<void>((resolve, reject) => {
    const onSignal = (): void => {
      io.signals.off('SIGINT', onSignal);
      io.signals.off('SIGTERM', onSignal);
      sandbox.stop().then(resolve, reject);
    };
    io.signals.once('SIGINT', onSignal);
    io.signals.once('SIGTERM', onSignal);
  });
  return { sandbox, stopped };
}
