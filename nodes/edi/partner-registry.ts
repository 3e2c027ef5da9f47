import { runtimePart, type PlanbridgeRuntime } from '../lib/runtime-context';
import type { PartnerProfile } from './partners/types';

/** The valid profiles of the deployed edi-partner nodes, by node id: edi-parse without a partner reads with all of them. */
const PARTNERS = runtimePart('edi partners', () => new Map<string, PartnerProfile>());

export function registerPartner(runtime: PlanbridgeRuntime, nodeId: string, profile: PartnerProfile): void {
  runtime.get(PARTNERS).set(nodeId, profile);
}

export function unregisterPartner(runtime: PlanbridgeRuntime, nodeId: string): void {
  runtime.get(PARTNERS).delete(nodeId);
}

export function deployedProfiles(runtime: PlanbridgeRuntime): PartnerProfile[] {
  return [...runtime.get(PARTNERS).values()];
}
