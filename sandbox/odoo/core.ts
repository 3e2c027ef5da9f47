import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthRegistry } from './auth';
import type { SandboxClock } from './clock';
import type { CallCounter, CallInfo } from './counters';
import type { Engine } from './engine';
import type { FaultInjector } from './faults';
import type { Database } from './orm/database';
import type { SessionStore } from './sessions';
import type { VersionProfile } from './versions';
import type { WebhookRegistry } from './webhooks';

/** The sandbox's parts, shared by the protocol front-ends and the control API. */
export interface Core {
  db: Database;
  profile: VersionProfile;
  engine: Engine;
  auth: AuthRegistry;
  sessions: SessionStore;
  webhooks: WebhookRegistry;
  faults: FaultInjector;
  counters: CallCounter;
  clock: SandboxClock;
}

export interface RequestContext {
  core: Core;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Buffer;
  /**
   * Counts the call, applies injected latency and faults. False means the fault layer answered (or is holding the
   * request open) and the handler must stop.
   */
  admit(info: CallInfo): Promise<boolean>;
}
