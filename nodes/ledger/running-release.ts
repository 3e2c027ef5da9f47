import { runtimePart } from '../lib/runtime-context';

/**
 * The release this runtime runs, as the ledger records it beside each message and step
 * (`<version> <checksum>`), or null while it runs flows no release brought. runtime/releases sets it
 * at start and on every deploy and rollback; the ledgers read it on every write.
 */
export const runningRelease = runtimePart('running-release', () => ({ label: null as string | null }));

export function releaseLabel(release: { version: string; checksum: string }): string {
  return `${release.version} ${release.checksum}`;
}
