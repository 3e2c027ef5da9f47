import path from 'node:path';
import readline from 'node:readline';
import { startRuntime } from './server';
import { userDirFrom, usersFileName } from './paths';
import { isRole, ROLES, UserStore, validatePassword, type Role } from './users';
import { option } from './cli-args';

const HELP = `planbridge: integration runtime for Odoo, planning, WMS and EDI

Usage:
  planbridge start                         run the editor, dashboard and flows
  planbridge user list                     list users and their roles
  planbridge user add <name> --role <r>    create a user (roles: ${ROLES.join(', ')}; several with commas)
  planbridge user passwd <name>            set a user's password
  planbridge user roles <name> <r>[,<r>]   change a user's roles
  planbridge user remove <name>            delete a user
  planbridge edi parse <file> [--json]     check an X12 or EDIFACT file (exit 0 valid, 1 problems or not EDI,
                                           2 the file cannot be read)
  planbridge edi build <order.json> --partner <profile> [--control N]
                                           write an 850 or ORDERS for a canonical supplier order
  planbridge release create <flows.json> --version V --message M --out FILE [--author A]
                                           write a release bundle: the flows, the credential and env-var
                                           names, node types, contracts and flow catalogue they need, a checksum
  planbridge release diff <A> <B> [--json] what changed from A to B (flows files or bundles): added, removed,
                                           changed (settings, code as changed lines) and only-moved nodes
  planbridge release deploy FILE --url URL (--user U --password P | --token T)
                                           deploy a release to an instance after its checks (node types,
                                           variables, credentials, contracts, catalogue; approvals if asked)
  planbridge release approve FILE --url URL ...
                                           approve a release for a protected instance (not its author)
  planbridge release rollback --url URL [--to V] ...
                                           put back the release that ran before (or version V)
  planbridge release status --url URL ...  the environment, the release it runs, the latest release events
  planbridge release try <bundle> [--keep DIR] [--timeout S] [--json]
                                           run a release on the sandboxes only (own temporary user directory,
                                           port, ledger and broker; production settings ignored), fire each
                                           inject once, wait until it settles (180 s) and report per tab: exit 0
                                           every run closed, no dead letter, no node error; 1 otherwise
  planbridge pack new <system> [--dir D]   write a node pack for a system (config node, client, mapper, node,
                                           help, icon, example flow, sandbox stub, tests) into D
  planbridge sandbox odoo [options]        run the sandbox Odoo: --port P --odoo-version 16..20 --seed S
                                           --products N --db NAME --login L --password W --api-key K
  planbridge sandbox planning [options]    run the sandbox planning platform: --port P --token T --seed S
                                           --inbox DIR --outbox DIR (the CSV file drop)
  planbridge sandbox wms [options]         run the sandbox WMS: --port P --seed S --api-key K --secret S
                                           --client-secret S --skus A,B --locations X,Y --stock-events-url URL
                                           --confirmations-url URL --confirm-after-ms N
  planbridge sandbox edi --inbox DIR --outbox DIR [--standard x12|edifact] [--version V] [--seed N] [--poll-ms MS]
                                           run the sandbox EDI supplier on a folder pair

Passwords are read from PLANBRIDGE_NEW_PASSWORD, or asked for on the terminal, or read from the
first line of standard input; release commands read PLANBRIDGE_URL, PLANBRIDGE_RELEASE_USER,
PLANBRIDGE_RELEASE_PASSWORD and PLANBRIDGE_RELEASE_TOKEN when not given. Environment: PORT, PLANBRIDGE_HOST, PLANBRIDGE_USER_DIR,
PLANBRIDGE_ADMIN_PASSWORD, PLANBRIDGE_CREDENTIAL_SECRET (see docs/operations.md).`;

function parseRoles(text: string | undefined): Role[] {
  const roles = (text ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (!roles.length || unknown.length) throw new Error(`Roles must be among ${ROLES.join(', ')}; got "${text ?? ''}"`);
  return roles as Role[];
}

async function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write(question);
  output._writeToOutput = () => undefined;
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

async function readFirstLine(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

async function newPassword(): Promise<string> {
  let password = process.env.PLANBRIDGE_NEW_PASSWORD;
  if (!password && process.stdin.isTTY) {
    password = await askHidden('New password: ');
    if ((await askHidden('Repeat it: ')) !== password) throw new Error('The passwords differ');
  } else if (!password) {
    password = await readFirstLine();
  }
  validatePassword(password);
  return password;
}

async function userCommand(args: string[]): Promise<number> {
  const store = new UserStore(path.join(userDirFrom(process.env), usersFileName));
  const [verb, name] = args;
  switch (verb) {
    case 'list':
      for (const user of await store.list()) console.log(`${user.username}\t${user.roles.join(',')}`);
      return 0;
    case 'add':
      if (!name) break;
      if (await store.find(name)) throw new Error(`User ${name} exists; use passwd or roles`);
      await store.upsert(name, { roles: parseRoles(option(args, '--role')), password: await newPassword() });
      console.log(`Created ${name}`);
      return 0;
    case 'passwd':
      if (!name) break;
      if (!(await store.find(name))) throw new Error(`No user ${name}`);
      await store.upsert(name, { password: await newPassword() });
      console.log(`Changed the password of ${name}`);
      return 0;
    case 'roles':
      if (!name) break;
      if (!(await store.find(name))) throw new Error(`No user ${name}`);
      await store.upsert(name, { roles: parseRoles(args[2]) });
      console.log(`Changed the roles of ${name}`);
      return 0;
    case 'remove':
      if (!name) break;
      console.log((await store.remove(name)) ? `Removed ${name}` : `No user ${name}`);
      return 0;
    default:
      break;
  }
  console.error(HELP);
  return 2;
}

/** Sandbox systems run until SIGINT or SIGTERM; loaded only when asked for. */
async function sandboxCommand(args: string[]): Promise<number | undefined> {
  const [system, ...options] = args;
  if (system === 'odoo') {
    const { runOdooSandboxCli } = await import('../sandbox/odoo/cli');
    await runOdooSandboxCli(options);
    return undefined;
  }
  if (system === 'planning') {
    const { runPlanningSandboxCli } = await import('../sandbox/planning/cli');
    await runPlanningSandboxCli(options);
    return undefined;
  }
  if (system === 'wms') {
    const { runWmsSandboxCli } = await import('../sandbox/wms/cli');
    await runWmsSandboxCli(options);
    return undefined;
  }
  if (system === 'edi') {
    const { runEdiSandboxCli } = await import('../sandbox/edi/cli');
    await runEdiSandboxCli(options);
    return undefined;
  }
  console.error(`Unknown sandbox "${system ?? ''}"; available: odoo, planning, wms, edi\n\n${HELP}`);
  return 2;
}

async function packCommand(args: string[]): Promise<number> {
  const [verb, system] = args;
  if (verb !== 'new' || !system) {
    console.error(HELP);
    return 2;
  }
  const { newPack } = await import('./pack/new');
  await newPack(system, option(args, '--dir'), console.log);
  return 0;
}

async function start(launchedAt?: number): Promise<number | undefined> {
  const runtime = await startRuntime(process.env, console.log, launchedAt);
  const shutdown = (signal: NodeJS.Signals): void => {
    console.log(`planbridge: ${signal}, stopping`);
    runtime.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return undefined;
}

/** The `planbridge` command; resolves to an exit code, or undefined while a server keeps running. */
export async function main(argv: string[], launchedAt?: number): Promise<number | undefined> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(launchedAt);
    case 'user':
      return userCommand(rest);
    case 'sandbox':
      return sandboxCommand(rest);
    case 'edi':
      return (await import('./edi-cli')).ediCommand(rest);
    case 'pack':
      return packCommand(rest);
    case 'release':
      return (await import('./releases/cli')).releaseCommand(rest, HELP);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}
