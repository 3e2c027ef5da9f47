import type { Node } from 'node-red';
import type { FileStore } from '../lib/files/file-store';
import { ConfigError } from '../lib/errors';
import type { Ledger } from '../ledger/ledger';
import type { PartnerCredentials } from './partners/connection';
import type { PartnerProfile } from './partners/types';
import type { AssignControl } from './run/control';
import type { EdiHttpSender } from './transport/http-sender';

/** What an edi-partner config node holds for the EDI nodes that name it. */
export interface EdiPartnerNode extends Node<PartnerCredentials> {
  /** Set when the profile and settings are usable; otherwise `problem` says why. */
  profile?: PartnerProfile;
  problem?: string;
  ledger?: Promise<Ledger>;
  inbound: string;
  outbound: string;
  files: FileStore;
  sender?: EdiHttpSender;
  inboundToken: string;
}

/** The partner of a node's config, or EDI_PARTNER_INVALID saying what is wrong with it. */
export function usablePartner(node: EdiPartnerNode | null): EdiPartnerNode & { profile: PartnerProfile } {
  if (!node) throw new ConfigError('No EDI partner is configured', 'EDI_PARTNER_INVALID');
  if (!node.profile) throw new ConfigError(`EDI partner "${node.name || node.id}": ${node.problem ?? 'no valid profile'}`, 'EDI_PARTNER_INVALID');
  return node as EdiPartnerNode & { profile: PartnerProfile };
}

/** Control numbers for this partner from its ledger. */
export function controlAssigner(node: EdiPartnerNode): AssignControl {
  return async (partnerId, scope, businessKey, max) => {
    if (!node.ledger) throw new ConfigError(`EDI partner "${node.name || node.id}" has no ledger for its control numbers`, 'EDI_PARTNER_INVALID');
    return (await node.ledger).controlNumber(partnerId, scope, businessKey, max);
  };
}
