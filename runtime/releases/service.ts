import { migrateFlows } from '../../nodes/common/flow-migrations';
import type { ReleaseEvent, ReleaseEventKind, ReleaseStore, StoredRelease } from '../../nodes/ledger/store/release-types';
import { releaseLabel } from '../../nodes/ledger/running-release';
import { buildRelease, verifyRelease, type Modules, type Release } from './bundle';
import type { FlowsNode } from './catalogue';
import { approvalProblems, checkRelease, type ReleaseProblem, type TargetFacts } from './checks';
import { diffFlows } from './diff';

/** The instance a release goes live on, as the release service needs it. */
export interface ReleaseTarget {
  /** The flows the instance runs now. */
  deployedFlows(): Promise<FlowsNode[]>;
  /** Puts these flows live; only the flows (tabs) that changed restart. */
  deploy(flows: FlowsNode[], user: string): Promise<void>;
  facts(): TargetFacts;
  /** The credentials the target's template gives a node it holds none for yet (`${VAR}` placeholders). */
  templateCredentials(nodeId: string): Record<string, string> | undefined;
  /** Whether the target holds credentials of its own for a node. */
  holdsCredentials(nodeId: string): boolean;
  modules(): Promise<Modules>;
}

export interface ReleasePolicy {
  /** dev, test, prod: any name the operator gives (PLANBRIDGE_ENVIRONMENT). */
  environment: string;
  /** A protected instance takes changes only as releases (PLANBRIDGE_PROTECTED). */
  protected: boolean;
  /** Four eyes: how many people must sign a release before a protected instance takes it, its author included. */
  signatures: number;
}

export type ReleaseRefusalCode = 'RELEASE_REFUSED' | 'RELEASE_NOT_FOUND' | 'NOTHING_TO_ROLL_BACK' | 'APPROVAL_BY_AUTHOR' | 'RELEASE_INVALID';

/** A release the instance will not take, with every reason. */
export class ReleaseRefusal extends Error {
  constructor(
    readonly code: ReleaseRefusalCode,
    message: string,
    readonly status: number,
    readonly problems: ReleaseProblem[] = [],
  ) {
    super(message);
  }
}

export interface ReleaseSummary {
  version: string;
  checksum: string;
  author: string;
  message: string;
  createdAt: string;
  approvals: string[];
  deployedAt: number | null;
  deployedBy: string | null;
}

export interface ReleaseStatus {
  environment: string;
  protected: boolean;
  signatures: number;
  /** The release running now; `modified` when the flows were changed since (an editor deploy on an unprotected instance). */
  current: (ReleaseSummary & { modified: boolean }) | null;
  releases: ReleaseSummary[];
  events: ReleaseEvent[];
}

export interface DeployOutcome {
  release: ReleaseSummary;
  previous: { version: string; checksum: string } | null;
  diff: DiffSummary;
  unchanged: boolean;
}

interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  moved: number;
  contracts: { added: string[]; removed: string[] };
}

const LIVE: ReleaseEventKind[] = ['deployed', 'rolled-back'];
// A rollback puts back flows that ran here before: the catalogue rule and four eyes guard new
// releases, not the way back; what the flows need to run (types, variables, credentials) still counts.
const NOT_FOR_ROLLBACK = new Set(['CATALOGUE_INCOMPLETE']);

function withoutCredentials(flows: FlowsNode[]): FlowsNode[] {
  return flows.map((n) => {
    if (!('credentials' in n)) return n;
    const { credentials: _credentials, ...rest } = n;
    return rest;
  });
}

function diffSummary(from: FlowsNode[], to: FlowsNode[]): DiffSummary {
  const diff = diffFlows(withoutCredentials(from), withoutCredentials(to));
  return { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, moved: diff.moved.length, contracts: diff.contracts };
}

function identical(summary: DiffSummary): boolean {
  return summary.added + summary.removed + summary.changed + summary.moved === 0;
}

function parseBundle(stored: StoredRelease): Release {
  return JSON.parse(stored.bundle) as Release;
}

/**
 * Releases on one instance: approve, deploy (after the checks), roll back, and say what runs. Every
 * decision, refusals included, is recorded in the ledger's release audit with its user, time,
 * versions and the diff's summary. `running` is told the release that handles messages from now on.
 */
export class ReleaseService {
  private deploying = false;

  constructor(
    private readonly store: ReleaseStore,
    private readonly target: ReleaseTarget,
    readonly policy: ReleasePolicy,
    private readonly running: (label: string | null) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The release that went live last, with its bundle. */
  private async live(): Promise<{ event: ReleaseEvent; release: Release } | undefined> {
    const [event] = await this.store.events({ kinds: LIVE, limit: 1 });
    const stored = event?.checksum ? await this.store.get(event.checksum) : undefined;
    return event && stored ? { event, release: parseBundle(stored) } : undefined;
  }

  /**
   * After any start of the flows (or before the first, from the flows file): the live release handles
   * messages only while the flows are its own; an editor deploy since makes them nobody's release.
   */
  async refreshRunning(flows?: FlowsNode[]): Promise<void> {
    if (this.deploying) return;
    const live = await this.live();
    const unchanged = live ? identical(diffSummary(live.release.flows, flows ?? (await this.target.deployedFlows()))) : false;
    this.running(live && unchanged ? releaseLabel(live.release) : null);
  }

  private async record(kind: ReleaseEventKind, release: Pick<Release, 'version' | 'checksum'> | null, user: string, detail: Record<string, unknown>) {
    return this.store.record({
      at: this.now(),
      kind,
      checksum: release?.checksum ?? null,
      version: release?.version ?? null,
      user,
      environment: this.policy.environment,
      detail,
    });
  }

  private async refuse(release: Release, user: string, problems: ReleaseProblem[], action: string): Promise<never> {
    await this.record('refused', verifyRelease(release) ? release : null, user, { action, problems });
    throw new ReleaseRefusal(
      'RELEASE_REFUSED',
      `${this.policy.environment} refused release ${release.version}: ${problems.map((p) => p.message).join('; ')}`,
      409,
      problems,
    );
  }

  private async summary(stored: Omit<StoredRelease, 'bundle'>): Promise<ReleaseSummary> {
    const events = await this.store.events({ checksum: stored.checksum, limit: 200 });
    const deployed = events.find((e) => LIVE.includes(e.kind));
    return {
      version: stored.version,
      checksum: stored.checksum,
      author: stored.author,
      message: stored.message,
      createdAt: stored.createdAt,
      approvals: [...new Set(events.filter((e) => e.kind === 'approved').map((e) => e.user))],
      deployedAt: deployed?.at ?? null,
      deployedBy: deployed?.user ?? null,
    };
  }

  async status(limit = 50): Promise<ReleaseStatus> {
    const live = await this.live();
    const kept = await this.store.list(limit);
    const current = live
      ? {
          ...(await this.summary({ ...live.release, receivedAt: 0 })),
          modified: !identical(diffSummary(live.release.flows, await this.target.deployedFlows())),
        }
      : null;
    return {
      environment: this.policy.environment,
      protected: this.policy.protected,
      signatures: this.policy.signatures,
      current,
      releases: await Promise.all(kept.map((r) => this.summary(r))),
      events: await this.store.events({ limit }),
    };
  }

  async bundle(checksumOrVersion: string): Promise<Release | undefined> {
    const stored = (await this.store.get(checksumOrVersion)) ?? (await this.store.byVersion(checksumOrVersion));
    return stored && parseBundle(stored);
  }

  private async keep(release: Release): Promise<void> {
    await this.store.keep({
      checksum: release.checksum,
      version: release.version,
      author: release.author,
      message: release.message,
      createdAt: release.createdAt,
      bundle: JSON.stringify(release),
      receivedAt: this.now(),
    });
  }

  /** An approval of a release for this instance (four eyes): never by its author. */
  async approve(release: Release, user: string): Promise<ReleaseSummary> {
    if (!verifyRelease(release)) return this.refuse(release, user, checkRelease(release, this.target.facts()), 'approve');
    if (user === release.author) {
      await this.record('refused', release, user, { action: 'approve', reason: 'the author cannot approve their own release' });
      throw new ReleaseRefusal(
        'APPROVAL_BY_AUTHOR',
        `${user} made release ${release.version} and cannot approve it: another user with the release role must`,
        403,
      );
    }
    await this.keep(release);
    await this.record('approved', release, user, {});
    return this.summary({ ...release, receivedAt: 0 });
  }

  /**
   * What ran before the first release (or flows changed in the editor since the last one) is kept as
   * a snapshot, so a rollback can always put it back.
   */
  private async previous(deployed: FlowsNode[], live: { release: Release } | undefined, next: Release): Promise<Release> {
    if (live && identical(diffSummary(live.release.flows, deployed))) return live.release;
    const at = new Date(this.now());
    const snapshot = buildRelease({
      flows: deployed,
      credentialsTemplate: {},
      version: `snapshot-${at
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z')}`,
      message: `the flows ${this.policy.environment} ran before release ${next.version} (not a release: kept so a rollback can put them back)`,
      author: 'planbridge',
      at,
      modules: await this.target.modules(),
    });
    await this.keep(snapshot);
    return snapshot;
  }

  /** The flows as they go live: brought up to date, new nodes given the credentials the target's template has for them. */
  private prepare(release: Release): FlowsNode[] {
    const { nodes } = migrateFlows(release.flows);
    return nodes.map((node) => {
      const template = this.target.holdsCredentials(node.id) ? undefined : this.target.templateCredentials(node.id);
      return template ? { ...node, credentials: template } : node;
    });
  }

  private async goLive(release: Release, user: string, kind: 'deployed' | 'rolled-back'): Promise<DeployOutcome> {
    const deployed = await this.target.deployedFlows();
    const live = await this.live();
    const previous = await this.previous(deployed, live, release);
    const diff = diffSummary(deployed, release.flows);
    if (previous.checksum === release.checksum) return { release: await this.summary({ ...release, receivedAt: 0 }), previous: null, diff, unchanged: true };
    await this.keep(release);
    this.deploying = true;
    try {
      // Messages the new flows take from here on are theirs.
      this.running(releaseLabel(release));
      await this.target.deploy(this.prepare(release), user);
    } catch (err) {
      this.deploying = false;
      await this.refreshRunning();
      throw err;
    }
    this.deploying = false;
    const replaced = { version: previous.version, checksum: previous.checksum };
    // `previous` is what the next rollback puts back: after a deploy, what ran before it; after a
    // rollback, what ran before the restored release first went live (so rollbacks walk back, not
    // back and forth).
    const before = kind === 'deployed' ? replaced : await this.ranBefore(release.checksum);
    await this.record(kind, release, user, { replaced, previous: before, diff });
    return { release: await this.summary({ ...release, receivedAt: 0 }), previous: replaced, diff, unchanged: false };
  }

  private async ranBefore(checksum: string): Promise<{ version: string; checksum: string } | null> {
    const [latest] = await this.store.events({ checksum, kinds: ['deployed'], limit: 1 });
    return (latest?.detail.previous as { version: string; checksum: string } | undefined) ?? null;
  }

  /** Deploys a release after its checks (and, on a protected instance, its approvals). */
  async deploy(release: Release, user: string): Promise<DeployOutcome> {
    const problems = checkRelease(release, this.target.facts());
    if (!problems.length && this.policy.protected && this.policy.signatures > 1) {
      const approvals = (await this.store.events({ checksum: release.checksum, kinds: ['approved'], limit: 200 })).map((e) => ({ user: e.user }));
      problems.push(...approvalProblems(release, approvals, this.policy.signatures));
    }
    if (problems.length) return this.refuse(release, user, problems, 'deploy');
    return this.goLive(release, user, 'deployed');
  }

  /** Puts back the release that ran before the live one, or the named version this instance kept. */
  async rollback(user: string, toVersion?: string): Promise<DeployOutcome> {
    const live = await this.live();
    let target: Release | undefined;
    if (toVersion) {
      target = await this.bundle(toVersion);
      if (!target) throw new ReleaseRefusal('RELEASE_NOT_FOUND', `${this.policy.environment} has no release ${toVersion}`, 404);
    } else {
      const previous = live?.event.detail.previous as { checksum?: string } | undefined;
      target = previous?.checksum ? await this.bundle(previous.checksum) : undefined;
      if (!target) throw new ReleaseRefusal('NOTHING_TO_ROLL_BACK', `${this.policy.environment} has no release before the one it runs`, 409);
    }
    const problems = checkRelease(target, this.target.facts()).filter((p) => !NOT_FOR_ROLLBACK.has(p.code));
    if (problems.length) return this.refuse(target, user, problems, 'rollback');
    return this.goLive(target, user, 'rolled-back');
  }
}
