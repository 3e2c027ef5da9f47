import type { EventEmitter } from 'node:events';
import { randomSecret } from './rest/auth';
import { startPlanningSandbox, type PlanningSandbox, type PlanningSandboxOptions } from './index';

export interface PlanningSandboxArgs {
  port: number;
  token: string | null;
  seed: number | null;
  inbox: string | null;
  outbox: string | null;
}

const USAGE = 'usage: planbridge sandbox planning [--port P] [--token T] [--seed S] [--inbox DIR] [--outbox DIR]';

/** Parses `--name value` and `--name=value`; throws with the usage line on anything else. */
export function parsePlanningSandboxArgs(argv: readonly string[]): PlanningSandboxArgs {
  const args: PlanningSandboxArgs = { port: 0, token: null, seed: null, inbox: null, outbox: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value\n${USAGE}`);
    switch (flag) {
      case '--port':
        args.port = integer(value, flag, 0, 65535);
        break;
      case '--token':
        args.token = value;
        break;
      case '--seed':
        args.seed = integer(value, flag, 0, 2 ** 32 - 1);
        break;
      case '--inbox':
        args.inbox = value;
        break;
      case '--outbox':
        args.outbox = value;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return args;
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
 * Starts the sandbox from command-line arguments, prints one line with URL and token, and stops on
 * SIGINT or SIGTERM. `stopped` resolves once the server is closed.
 */
export async function runPlanningSandboxCli(
  argv: readonly string[],
  io: CliIo = { log: (l) => console.log(l), signals: process },
): Promise<{ sandbox: PlanningSandbox; stopped: Promise<void> }> {
  const args = parsePlanningSandboxArgs(argv);
  const options: PlanningSandboxOptions = { port: args.port, token: args.token ?? randomSecret() };
  if (args.seed !== null) options.seed = args.seed;
  if (args.inbox !== null) options.inbox = args.inbox;
  if (args.outbox !== null) options.outbox = args.outbox;
  const sandbox = await startPlanningSandbox(options);
  const files = args.inbox || args.outbox ? ` inbox=${args.inbox ?? '-'} outbox=${args.outbox ?? '-'}` : '';
  io.log(`planning sandbox listening on ${sandbox.url} token=${sandbox.token}${files}`);
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
