import type { PartnerProfile } from './partners/types';

const KEY = Symbol.for('planbridge.ediPartners');

/** The valid profiles of the deployed edi-partner nodes, by node id: edi-parse without a partner reads with all of them. */
function partners(): Map<string, PartnerProfile> {
  const holder = globalThis as unknown as Record<symbol, Map<string, PartnerProfile> | undefined>;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

export function registerPartner(nodeId: string, profile: PartnerProfile): void {
  partners().set(nodeId, profile);
}

export function unregisterPartner(nodeId: string): void {
  partners().delete(nodeId);
}

export function deployedProfiles(): PartnerProfile[] {
  return [...partners().values()];
}
