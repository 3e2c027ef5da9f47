import type { EventEmitter } from 'node:events';
import { startWmsSandbox, type WmsSandbox, type WmsSandboxOptions } from './index';

const USAGE =
  'usage: planbridge sandbox wms [--port P] [--seed S] [--api-key K] [--client-secret C] [--secret S]\n' +
  '       [--skus A,B] [--locations X,Y] [--stock-events-url URL] [--confirmations-url URL] [--confirm-after-ms N]';

/** Parses `--name value` and `--name=value`; throws with the usage line on anything else. */
export function parseWmsSandboxArgs(argv: readonly string[]): WmsSandboxOptions {
  const options: WmsSandboxOptions = { port: 0, subscribers: {} };
  const list = (v: string): string[] =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value\n${USAGE}`);
    switch (flag) {
      case '--port':
        options.port = integer(value, flag, 65535);
        break;
      case '--seed':
        options.seed = integer(value, flag, 2 ** 32 - 1);
        break;
      case '--api-key':
        options.apiKey = value;
        break;
      case '--client-secret':
        options.clientSecret = value;
        break;
      case '--secret':
        options.subscriberSecret = value;
        break;
      case '--skus':
        options.skus = list(value);
        break;
      case '--locations':
        options.locations = list(value);
        break;
      case '--stock-events-url':
        options.subscribers!.stock_events = value;
        break;
      case '--confirmations-url':
        options.subscribers!.confirmations = value;
        break;
      case '--confirm-after-ms':
        options.confirmAfterMs = integer(value, flag, 86_400_000);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}

function integer(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max) throw new Error(`${flag} must be an integer from 0 to ${max}\n${USAGE}`);
  return n;
}

export interface CliIo {
  log: (line: string) => void;
  signals: Pick<EventEmitter, 'once' | 'off'>;
}

/** Starts the sandbox WMS from command-line arguments and stops it on SIGINT or SIGTERM. */
export async function runWmsSandboxCli(
  argv: readonly string[],
  io: CliIo = { log: (l) => console.log(l), signals: process },
): Promise<{ sandbox: WmsSandbox; stopped: Promise<void> }> {
  const sandbox = await startWmsSandbox(parseWmsSandboxArgs(argv));
  io.log(
    `wms sandbox listening on ${sandbox.url} api-key=${sandbox.apiKey} client=${sandbox.clientId}:${sandbox.clientSecret} secret=${sandbox.subscriberSecret}`,
  );
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
