import { startOdooSandbox, type OdooSandbox } from './index';
import type { OdooSandboxOptions } from './options';
import { ODOO_VERSIONS, type OdooVersion } from './versions';

/** Odoo's own default port, so demo configurations look familiar. */
export const DEFAULT_CLI_PORT = 8069;

const FLAGS: Record<string, keyof OdooSandboxOptions> = {
  '--port': 'port',
  '--odoo-version': 'version',
  '--seed': 'seed',
  '--products': 'products',
  '--warehouses': 'warehouses',
  '--history-days': 'historyDays',
  '--as-of': 'asOf',
  '--db': 'db',
  '--login': 'login',
  '--password': 'password',
  '--api-key': 'apiKey',
};
const NUMERIC = new Set<keyof OdooSandboxOptions>(['port', 'version', 'seed', 'products', 'warehouses', 'historyDays']);

/** `--flag value` or `--flag=value`; unknown flags and bad numbers are errors, not silently ignored. */
export function parseOdooSandboxArgs(argv: string[]): OdooSandboxOptions {
  const out: Record<string, unknown> = { port: DEFAULT_CLI_PORT, version: 19 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const key = FLAGS[flag];
    if (!key) throw new Error(`unknown option ${flag} (known: ${Object.keys(FLAGS).join(' ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`option ${flag} needs a value`);
    if (NUMERIC.has(key)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`option ${flag} needs a non-negative integer, got ${value}`);
      out[key] = n;
    } else {
      out[key] = value;
    }
  }
  if (!ODOO_VERSIONS.includes(out.version as OdooVersion)) throw new Error(`--odoo-version must be one of ${ODOO_VERSIONS.join(', ')}`);
  return out as unknown as OdooSandboxOptions;
}

export interface CliIo {
  log(line: string): void;
  /** Where SIGINT/SIGTERM come from (the process by default). */
  signals?: NodeJS.EventEmitter;
}

/**
 * Starts the sandbox, prints one line with the URL and credentials (random ones when none were given), and stops on
 * SIGINT or SIGTERM. Resolves once the server listens.
 */
export async function runOdooSandboxCli(argv: string[], io: CliIo = { log: (line) => console.log(line) }): Promise<OdooSandbox> {
  const sandbox = await startOdooSandbox(parseOdooSandboxArgs(argv));
  const i = sandbox.control.integration;
  io.log(
    `Odoo ${sandbox.version} sandbox at ${sandbox.url} db=${sandbox.db} login=${sandbox.login} password=${sandbox.password} api_key=${sandbox.apiKey} ` +
      `integration_login=${i.login} integration_password=${i.password} integration_api_key=${i.apiKey}`,
  );
  const signals = io.signals ?? process;
  const stop = (): void => {
    signals.off('SIGINT', stop);
    signals.off('SIGTERM', stop);
    void sandbox.stop();
  };
  signals.once('SIGINT', stop);
  signals.once('SIGTERM', stop);
  const originalStop = sandbox.stop;
  return {
    ...sandbox,
    stop: async () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      await originalStop();
    },
  };
}
