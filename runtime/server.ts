import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import RED from 'node-red';
import { authFromEnv } from './auth-from-env';
import { bootstrapUserDir } from './bootstrap';
import { applyCredentialTemplate } from './credentials-template';
import { startEventBackbone } from './event-broker';
import { flowsFileFrom, userDirFrom } from './paths';
import { migrateDeploys, migrateFlowsFile } from './migrate-flows';
import { startSandboxes } from './sandboxes';
import { guardBeforeBodies, jsonErrors, notFound, throttleTokenExchange, trustProxyFrom } from './perimeter';
import { whileStarting } from './starting-page';
import { environmentName, isProtected } from './environment';
import { refuseFlowChanges } from './releases/protect';
import { wireReleases } from './releases/wire';

export interface RunningRuntime {
  url: string;
  port: number;
  stop(): Promise<void>;
}

type Settings = typeof import('../settings');

/** The secrets flows/credentials.template.json fills from the environment (besides the MQTT ones, always set). */
const SECRET_VARIABLES = [
  'PLANBRIDGE_ODOO_LOGIN',
  'PLANBRIDGE_ODOO_API_KEY',
  'PLANBRIDGE_PLANNING_TOKEN',
  'PLANBRIDGE_ODOO_WEBHOOK_TOKEN',
  'PLANBRIDGE_WMS_API_KEY',
  'PLANBRIDGE_WMS_CLIENT_SECRET',
  'PLANBRIDGE_WMS_PUSH_SECRET',
];

/**
 * RED.start() resolves before the flows run. Resolves when they do, or with the reason Node-RED gives
 * when it will not start them (missing node types or modules, safe mode): its editor then serves.
 */
function flowsStartedOrHalted(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const onState = (event: { id?: string; payload?: { state?: string; error?: string } }): void => {
      if (event.id !== 'runtime-state' || !event.payload?.error || !['stop', 'safe'].includes(event.payload.state ?? '')) return;
      finish(event.payload.error);
    };
    const onStarted = (): void => finish(undefined);
    const finish = (reason: string | undefined): void => {
      RED.events.off('runtime-event', onState);
      RED.events.off('flows:started', onStarted);
      resolve(reason);
    };
    RED.events.on('runtime-event', onState);
    RED.events.on('flows:started', onStarted);
  });
}

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '-'.repeat(width + 4);
  return [rule, ...lines.map((l) => `| ${l.padEnd(width)} |`), rule].join('\n');
}

/**
 * Starts Node-RED embedded in an express 4 app (express 5 breaks the core http-in node): the editor
 * and admin API at /, the sign-in page, then the guard in front of every node route (http-in,
 * dashboard). Listens on the settings' uiHost and uiPort.
 */
export async function startRuntime(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = console.log,
  launchedAt = Date.now(),
): Promise<RunningRuntime> {
  const elapsed = (): string => `${((Date.now() - launchedAt) / 1000).toFixed(1)} s`;
  const step = (what: string): void => log(`planbridge: ${what} (${elapsed()})`);
  const userDir = userDirFrom(env);
  const report = await bootstrapUserDir(userDir, env);
  for (const warning of report.warnings) log(`planbridge warning: ${warning}`);
  if (report.notices.length) log(banner(report.notices));

  const backbone = await startEventBackbone({
    userDir,
    env,
    log,
    credentials: { username: env.PLANBRIDGE_MQTT_USERNAME || 'planbridge', password: env.PLANBRIDGE_MQTT_PASSWORD as string },
  });
  // The shipped MQTT broker node reads these (${...} in its fields and credentials).
  env.PLANBRIDGE_ENV ||= 'dev';
  // The shipped Supplier EDI tab's partner folders: ours to the supplier, and the supplier's to us.
  // Folders given by the user belong to a real partner: no sandbox supplier answers on them.
  if (env.PLANBRIDGE_EDI_OUTBOX || env.PLANBRIDGE_EDI_INBOX) env.PLANBRIDGE_SANDBOX_EDI ||= 'off';
  env.PLANBRIDGE_EDI_OUTBOX ||= path.join(userDir, 'edi', 'to-supplier');
  env.PLANBRIDGE_EDI_INBOX ||= path.join(userDir, 'edi', 'from-supplier');
  env.PLANBRIDGE_MQTT_HOST = backbone.host;
  env.PLANBRIDGE_MQTT_PORT_EFFECTIVE = String(backbone.port);
  env.PLANBRIDGE_MQTT_USERNAME = backbone.username;
  env.PLANBRIDGE_MQTT_PASSWORD = backbone.password;
  env.PLANBRIDGE_MQTT_PROTOCOL = String(backbone.protocolVersion);
  env.PLANBRIDGE_MQTT_SHARE = backbone.sharePrefix;
  // Before the credentials template: it fills the shipped connections from these systems' variables.
  step('starting the sandbox systems that stand in for unset ones, generating their data');
  const sandboxes = await startSandboxes(env);
  for (const line of sandboxes.lines) log(line);
  step('sandboxes ready');
  // The shipped WMS connection reads these; API-key auth unless told otherwise.
  env.PLANBRIDGE_WMS_AUTH ||= 'apikey';
  // The shipped ledger's engine and PostgreSQL schema: SQLite and the default schema unless told
  // (set, so a release that names them finds them set).
  env.PLANBRIDGE_LEDGER_ENGINE ||= 'sqlite';
  env.PLANBRIDGE_LEDGER_SCHEMA ??= '';
  // Where the shipped reconciliation writes its reports.
  env.PLANBRIDGE_REPORTS_DIR ||= path.join(userDir, 'reports');
  // A secret the credentials template names but the environment does not set is empty, never the
  // literal "${VAR}" placeholder (which anyone could read in flows/credentials.template.json).
  for (const name of SECRET_VARIABLES) env[name] ??= '';
  const template = await applyCredentialTemplate(flowsFileFrom(env), userDir, env.PLANBRIDGE_CREDENTIAL_SECRET as string);
  if (template.warning) log(`planbridge warning: ${template.warning}`);

  for (const line of await migrateFlowsFile(flowsFileFrom(env))) log(`planbridge: migrated ${line}`);

  // Loaded only now: the settings read the secrets bootstrap put into the environment.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the settings must load after bootstrap set the environment
  const settings = require('../settings') as Settings;
  const auth = authFromEnv(env);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxyFrom(env));
  const server = http.createServer(app);
  let started = false;
  app.use(whileStarting(() => started));
  RED.init(server, settings as unknown as Parameters<typeof RED.init>[1]);
  const adminRoot = settings.httpAdminRoot.replace(/\/$/, '');
  const releases = wireReleases(RED, { env, userDir, flowsFile: flowsFileFrom(env), runtime: settings.planbridge, bodyLimit: settings.apiMaxLength, log });
  app.use(guardBeforeBodies(auth.http, settings.planbridge));
  if (isProtected(env)) app.use(settings.httpAdminRoot, refuseFlowChanges(environmentName(env)));
  app.post(`${adminRoot}/auth/token`, ...throttleTokenExchange());
  app.post(`${adminRoot}/flows`, migrateDeploys(settings.apiMaxLength, log));
  app.use(settings.httpAdminRoot, RED.httpAdmin);
  app.use(auth.http.routes());
  app.use(settings.httpNodeRoot, auth.http.guard(settings.planbridge), RED.httpNode);
  app.use(notFound());
  app.use(jsonErrors(log));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.uiPort, settings.uiHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.uiHost.includes(':') ? `[${settings.uiHost}]` : settings.uiHost;
  const url = `http://${host}:${port}`;
  step(`starting Node-RED and the flows; ${url}/ answers 503 "starting" until they run`);
  await releases.beforeStart();
  const flowsRunning = flowsStartedOrHalted();
  await RED.start();
  const halted = await flowsRunning;
  started = true;
  step(halted ? `flows not started (${halted}): open the editor to see why` : 'flows started');
  // The sandboxes push to the runtime from this machine: a wildcard listen address is reached on loopback.
  const local = ['0.0.0.0', '::', ''].includes(settings.uiHost) ? `http://127.0.0.1:${port}` : url;
  for (const line of sandboxes.listening(local)) log(line);
  log(`planbridge is running: editor ${url}/  dashboard ${url}/dashboard`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopping ??= (async () => {
        await RED.stop();
        await releases.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await backbone.stop();
        await sandboxes.stop();
      })();
      return stopping;
    },
  };
}
