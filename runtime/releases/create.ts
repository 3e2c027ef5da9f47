import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../paths';
import { buildRelease, type Modules, type Release } from './bundle';
import type { FlowsNode } from './catalogue';

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function moduleVersion(name: string): Promise<string | null> {
  const pkg = await readJson<{ version?: string }>(path.join(packageRoot, 'node_modules', name, 'package.json'));
  return pkg?.version ?? null;
}

/** The node modules this installation provides, from the package files (no running instance needed). */
export async function installedModules(): Promise<Modules> {
  const own = (await readJson<{ version: string; 'node-red': { nodes: Record<string, string> } }>(path.join(packageRoot, 'package.json'))) as {
    version: string;
    'node-red': { nodes: Record<string, string> };
  };
  const dashboard = await moduleVersion('@flowfuse/node-red-dashboard');
  return {
    planbridge: { version: own.version, types: Object.keys(own['node-red'].nodes) },
    nodeRed: { version: (await moduleVersion('node-red')) ?? 'unknown' },
    dashboard: dashboard ? { version: dashboard } : null,
  };
}

export interface CreateOptions {
  flowsFile: string;
  version: string;
  message: string;
  author?: string;
  out: string;
  at?: Date;
}

/** `planbridge release create`: reads a flows file (and the credentials template beside it) and writes the bundle. */
export async function createRelease(options: CreateOptions): Promise<Release> {
  const flows = await readJson<FlowsNode[]>(options.flowsFile);
  if (!Array.isArray(flows)) throw new Error(`${options.flowsFile} is not a flows file (an array of nodes)`);
  const template = (await readJson<Record<string, Record<string, unknown>>>(path.join(path.dirname(options.flowsFile), 'credentials.template.json'))) ?? {};
  const release = buildRelease({
    flows,
    credentialsTemplate: template,
    version: options.version,
    message: options.message,
    author: options.author || process.env.PLANBRIDGE_RELEASE_AUTHOR || os.userInfo().username,
    at: options.at ?? new Date(),
    modules: await installedModules(),
  });
  // Written once, never over an existing bundle: a release does not change after it was made.
  await fs.writeFile(options.out, `${JSON.stringify(release, null, 2)}\n`, { flag: 'wx' });
  return release;
}
