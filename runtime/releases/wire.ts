import { promises as fs } from 'node:fs';
import type RED from 'node-red';
import type { PlanbridgeRuntime } from '../../nodes/lib/runtime-context';
import { runningRelease } from '../../nodes/ledger/running-release';
import type { LedgerStore } from '../../nodes/ledger/store/types';
import type { FlowsNode } from './catalogue';
import { registerReleaseApi } from './api';
import { embeddedTarget, openReleaseStore, releasePolicyFrom } from './instance';
import { ReleaseService } from './service';

type Red = typeof RED;

export interface ReleaseWiring {
  /** Before RED.start: the release the flows file holds handles the first messages. */
  beforeStart(): Promise<void>;
  stop(): Promise<void>;
}

async function readFlows(file: string): Promise<FlowsNode[] | undefined> {
  try {
    const flows = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
    return Array.isArray(flows) ? (flows as FlowsNode[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Releases on this instance: the admin API's release endpoints, and the release each message is
 * stamped with. The store opens lazily and is tried again on the next request when the database was
 * out of reach, so a ledger that is down never stops the editor from starting.
 */
export function wireReleases(
  red: Red,
  options: { env: NodeJS.ProcessEnv; userDir: string; flowsFile: string; runtime: PlanbridgeRuntime; bodyLimit: string; log: (line: string) => void },
): ReleaseWiring {
  const policy = releasePolicyFrom(options.env);
  const running = options.runtime.get(runningRelease);
  let store: LedgerStore | undefined;
  let opening: Promise<ReleaseService> | undefined;
  const service = (): Promise<ReleaseService> => {
    opening ??= (async () => {
      store = await openReleaseStore(options.env, options.userDir);
      const target = await embeddedTarget(red, options.env, options.flowsFile);
      return new ReleaseService(store.releases, target, policy, (label) => (running.label = label));
    })();
    opening.catch(() => (opening = undefined));
    return opening;
  };
  registerReleaseApi(red, service, options.bodyLimit);
  const onStarted = (): void => {
    service()
      .then((svc) => svc.refreshRunning())
      .catch((err: Error) => options.log(`planbridge warning: which release runs is unknown: ${err.message}`));
  };
  red.events.on('flows:started', onStarted);
  return {
    async beforeStart() {
      try {
        const svc = await service();
        await svc.refreshRunning(await readFlows(options.flowsFile));
        if (running.label) options.log(`planbridge: ${policy.environment} runs release ${running.label}`);
      } catch (err) {
        options.log(`planbridge warning: releases are unavailable until the ledger opens: ${(err as Error).message}`);
      }
    },
    async stop() {
      red.events.off('flows:started', onStarted);
      await opening?.catch(() => undefined);
      await store?.close();
    },
  };
}
