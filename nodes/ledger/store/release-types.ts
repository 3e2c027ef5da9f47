/**
 * Releases as an instance keeps them: every bundle it was given (to approve, deploy or roll back to)
 * and the audit of what happened to each: who deployed, approved, refused or rolled back what, when,
 * on which environment, with the checks' findings and the diff's summary. Times are epoch ms.
 */

export type ReleaseEventKind = 'approved' | 'deployed' | 'refused' | 'rolled-back';

export interface StoredRelease {
  checksum: string;
  version: string;
  author: string;
  message: string;
  /** When the bundle was made (ISO 8601, as the bundle says). */
  createdAt: string;
  /** The bundle itself, as JSON. */
  bundle: string;
  receivedAt: number;
}

export interface ReleaseEvent {
  id: number;
  at: number;
  kind: ReleaseEventKind;
  /** Null for a refusal of something that was not a release at all (a bundle whose checksum fails). */
  checksum: string | null;
  version: string | null;
  user: string;
  environment: string;
  /** What the event amounted to: problems found, the diff's counts, the release it replaced. */
  detail: Record<string, unknown>;
}

export type NewReleaseEvent = Omit<ReleaseEvent, 'id'>;

export interface ReleaseStore {
  /** Keeps a bundle; a bundle already kept (same checksum) is left as it was. */
  keep(release: StoredRelease): Promise<void>;
  get(checksum: string): Promise<StoredRelease | undefined>;
  /** The newest kept release with that version. */
  byVersion(version: string): Promise<StoredRelease | undefined>;
  /** Kept releases without their bundles, newest first. */
  list(limit: number): Promise<Array<Omit<StoredRelease, 'bundle'>>>;
  record(event: NewReleaseEvent): Promise<ReleaseEvent>;
  /** Events newest first; only those of one release when `checksum` is given. */
  events(filter: { checksum?: string; kinds?: ReleaseEventKind[]; limit: number }): Promise<ReleaseEvent[]>;
}
