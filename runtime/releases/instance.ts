import { promises as fs } from 'node:fs';
import path from 'node:path';
import type RED from 'node-red';
import { contracts } from '../../nodes/canonical/registry';
import { ledgerPlan } from '../../nodes/ledger/open-ledger';
import { openStore } from '../../nodes/ledger/store/open-store';
import type { LedgerStore } from '../../nodes/ledger/store/types';
import { environmentName, isProtected } from '../environment';
import { installedModules } from './create';
import type { FlowsNode } from './catalogue';
import type { ReleasePolicy, ReleaseTarget } from './service';

type Red = typeof RED;

/** The instance's environment name, protection and four-eyes rule, from its environment variables. */
export function releasePolicyFrom(env: NodeJS.ProcessEnv): ReleasePolicy {
  const signatures = Number(env.PLANBRIDGE_RELEASE_APPROVERS || '1');
  if (!Number.isInteger(signatures) || signatures < 1)
    throw new Error(`PLANBRIDGE_RELEASE_APPROVERS must be a whole number of at least 1, got "${env.PLANBRIDGE_RELEASE_APPROVERS}"`);
  return { environment: environmentName(env), protected: isProtected(env), signatures };
}

/**
 * Releases are kept in the same database as the shipped ledger (its engine, file or PostgreSQL schema
 * are read from the same variables), so a release's audit sits beside the messages it handled.
 */
export function openReleaseStore(env: NodeJS.ProcessEnv, userDir: string): Promise<LedgerStore> {
  const plan = ledgerPlan(
    { engine: '${PLANBRIDGE_LEDGER_ENGINE}', file: 'ledger.db', schema: '${PLANBRIDGE_LEDGER_SCHEMA}' } as Parameters<typeof ledgerPlan>[0],
    {},
    userDir,
    undefined,
  );
  return openStore(plan.store);
}

type CredentialsTemplate = Record<string, Record<string, string>>;

async function readTemplate(flowsFile: string): Promise<CredentialsTemplate> {
  try {
    return JSON.parse(await fs.readFile(path.join(path.dirname(flowsFile), 'credentials.template.json'), 'utf8')) as CredentialsTemplate;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

interface RuntimeNodes {
  getType(type: string): unknown;
  getCredentials(id: string): Record<string, unknown> | undefined;
}

/** The embedded Node-RED as a release target: its flows, node types, credentials, environment. */
export async function embeddedTarget(red: Red, env: NodeJS.ProcessEnv, flowsFile: string): Promise<ReleaseTarget> {
  const template = await readTemplate(flowsFile);
  const nodes = red.nodes as unknown as RuntimeNodes;
  const stored = (id: string): Record<string, unknown> | undefined => {
    const held = nodes.getCredentials(id);
    return held && Object.keys(held).length ? held : undefined;
  };
  return {
    async deployedFlows() {
      const current = (await red.runtime.flows.getFlows({})) as { flows?: FlowsNode[] };
      return current.flows ?? [];
    },
    async deploy(flows, user) {
      await red.runtime.flows.setFlows({ flows: { flows }, deploymentType: 'flows', user: { username: user } } as never);
    },
    facts: () => ({
      hasNodeType: (type) => Boolean(nodes.getType(type)),
      env,
      credential(nodeId, name) {
        const value = (stored(nodeId) ?? template[nodeId])?.[name];
        return typeof value === 'string' ? value : undefined;
      },
      knowsContract(name) {
        try {
          contracts().get(name);
          return true;
        } catch {
          return false;
        }
      },
    }),
    templateCredentials: (nodeId) => template[nodeId],
    holdsCredentials: (nodeId) => stored(nodeId) !== undefined,
    modules: installedModules,
  };
}
