import path from 'node:path';
import { option } from '../cli-args';
import { describeOutcome, readBundle, ReleaseClient, RemoteError, type RemoteOptions } from './remote';

async function releaseDiff(args: string[], help: string): Promise<number> {
  const [from, to] = args;
  if (!from || !to || from.startsWith('--') || to.startsWith('--')) {
    console.error(`Usage: planbridge release diff <A> <B> [--json]\n\n${help}`);
    return 2;
  }
  const { readFile } = await import('node:fs/promises');
  const { describeDiff, diffFlows, flowsOf } = await import('./diff');
  try {
    const [a, b] = await Promise.all([from, to].map(async (file) => flowsOf(JSON.parse(await readFile(file, 'utf8')))));
    const diff = diffFlows(a, b);
    if (args.includes('--json')) console.log(JSON.stringify(diff, null, 2));
    else console.log(describeDiff(diff, new Map([...a, ...b].map((n) => [n.id, n]))));
    return 0;
  } catch (err) {
    console.error(`planbridge release diff: ${(err as Error).message}`);
    return 1;
  }
}

async function releaseCreate(args: string[], help: string): Promise<number> {
  const [flowsFile] = args;
  const version = option(args, '--version');
  const message = option(args, '--message');
  const out = option(args, '--out');
  if (!flowsFile || flowsFile.startsWith('--') || !version || !message || !out) {
    console.error(`Usage: planbridge release create <flows.json> --version V --message M --out FILE [--author A]\n\n${help}`);
    return 2;
  }
  const { createRelease } = await import('./create');
  try {
    const release = await createRelease({ flowsFile: path.resolve(flowsFile), version, message, author: option(args, '--author'), out: path.resolve(out) });
    const missing = release.nodeTypes.filter((t) => !t.module).map((t) => t.type);
    const uncatalogued = release.catalogue.filter((c) => !c.owner || !c.serviceLevel).map((c) => c.label);
    console.log(
      `release ${release.version} written to ${out}: ${release.flows.length} nodes on ${release.catalogue.length} tabs, ` +
        `${release.nodeTypes.length} node types, ${release.contracts.length} contracts, ${release.env.length} environment variables; ${release.checksum}`,
    );
    if (missing.length) console.log(`node types no installed module provides: ${missing.join(', ')}`);
    if (uncatalogued.length) console.log(`tabs without an owner or a service level in the catalogue: ${uncatalogued.join(', ')}`);
    return 0;
  } catch (err) {
    console.error(`planbridge release create: ${(err as Error).message}`);
    return 1;
  }
}

function remoteOptions(args: string[]): RemoteOptions {
  return {
    url: option(args, '--url') ?? process.env.PLANBRIDGE_URL ?? '',
    user: option(args, '--user') ?? process.env.PLANBRIDGE_RELEASE_USER,
    password: option(args, '--password') ?? process.env.PLANBRIDGE_RELEASE_PASSWORD,
    token: option(args, '--token') ?? process.env.PLANBRIDGE_RELEASE_TOKEN,
  };
}

/** deploy, approve, rollback and status talk to an instance's admin API; a refusal lists every reason. */
function remote(usage: string, work: (client: ReleaseClient, args: string[], environment: () => Promise<string>) => Promise<string>) {
  return async (args: string[], help: string): Promise<number> => {
    const options = remoteOptions(args);
    if (!options.url) {
      console.error(`Usage: planbridge release ${usage} --url URL (--user U --password P | --token T)\n\n${help}`);
      return 2;
    }
    try {
      const client = await ReleaseClient.connect(options);
      console.log(await work(client, args, async () => (await client.status()).environment));
      return 0;
    } catch (err) {
      if (err instanceof RemoteError && err.code === 'USAGE') {
        console.error(`planbridge release: ${err.message}\n\n${help}`);
        return 2;
      }
      console.error(`planbridge release: ${(err as Error).message}`);
      for (const problem of (err as RemoteError).problems ?? []) console.error(`  ${problem.code}: ${problem.message}`);
      return 1;
    }
  };
}

function bundleArgument(args: string[]): string {
  const file = args[0];
  if (!file || file.startsWith('--')) throw new RemoteError('Name the release bundle file first', 'USAGE', 0);
  return file;
}

const releaseDeploy = remote('deploy FILE', async (client, args, environment) => {
  const outcome = await client.deploy(await readBundle(bundleArgument(args)));
  return describeOutcome(outcome, await environment(), 'is live');
});

const releaseApprove = remote('approve FILE', async (client, args) => {
  const summary = await client.approve(await readBundle(bundleArgument(args)));
  return `release ${summary.version} approved by ${summary.approvals.join(', ')}`;
});

const releaseRollback = remote('rollback [--to V]', async (client, args, environment) => {
  const outcome = await client.rollback(option(args, '--to'));
  return describeOutcome(outcome, await environment(), 'is back');
});

const releaseStatus = remote('status', async (client) => {
  const status = await client.status();
  const lines = [
    `${status.environment}${status.protected ? ' (protected)' : ''}: ${
      status.current ? `runs release ${status.current.version}${status.current.modified ? ', changed in the editor since' : ''}` : 'runs no release'
    }`,
  ];
  for (const e of status.events.slice(0, 20))
    lines.push(`  ${new Date(e.at).toISOString()}  ${e.kind.padEnd(11)} ${(e.version ?? '-').padEnd(24)} by ${e.user}`);
  return lines.join('\n');
});

async function releaseTry(args: string[], help: string): Promise<number> {
  const [file] = args;
  const timeout = option(args, '--timeout');
  const keep = option(args, '--keep');
  const timeoutSeconds = timeout === undefined ? undefined : Number(timeout);
  const badTimeout = timeoutSeconds !== undefined && !(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0);
  if (!file || file.startsWith('--') || badTimeout || (args.includes('--keep') && (!keep || keep.startsWith('--')))) {
    console.error(`Usage: planbridge release try <bundle> [--keep DIR] [--timeout S] [--json]\n\n${help}`);
    return 2;
  }
  const { tryRelease } = await import('./try');
  const { describeTry } = await import('./try-report');
  try {
    // Progress to stderr: with --json, stdout is the report alone.
    const report = await tryRelease({ file: path.resolve(file), keep, timeoutSeconds, log: (line) => console.error(line) });
    console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : describeTry(report));
    return report.passed ? 0 : 1;
  } catch (err) {
    console.error(`planbridge release try: ${(err as Error).message}`);
    return 1;
  }
}

const VERBS: Record<string, (args: string[], help: string) => Promise<number>> = {
  create: releaseCreate,
  diff: releaseDiff,
  try: releaseTry,
  deploy: releaseDeploy,
  approve: releaseApprove,
  rollback: releaseRollback,
  status: releaseStatus,
};

/** `planbridge release <verb> ...`: each verb in its own function, loaded only when asked for. */
export async function releaseCommand(args: string[], help: string): Promise<number> {
  const verb = VERBS[args[0] ?? ''];
  if (!verb) {
    console.error(`Unknown release command "${args[0] ?? ''}"; available: ${Object.keys(VERBS).join(', ')}\n\n${help}`);
    return 2;
  }
  return verb(args.slice(1), help);
}
