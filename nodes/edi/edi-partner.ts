import os from 'node:os';
import path from 'node:path';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { ConfigError } from '../lib/errors';
import { LocalFileStore, type FileStore } from '../lib/files/file-store';
import { watchResilience } from '../lib/metrics';
import { resilienceFrom } from '../lib/resilience';
import type { Ledger } from '../ledger/ledger';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import { EXAMPLE_PROFILES, validatePartnerProfile, type PartnerProfile } from './partners';
import { registerPartner, unregisterPartner } from './partner-registry';
import type { AssignControl } from './run/control';
import { EdiHttpSender } from './transport/http-sender';

interface EdiPartnerDef extends NodeDef {
  profile: string;
  ledger: string;
  inbound: string;
  outbound: string;
  url: string;
  timeoutMs: string;
  attempts: string;
  initialDelayMs: string;
  maxDelayMs: string;
  breakerThreshold: string;
  halfOpenAfterMs: string;
}

interface EdiPartnerCredentials {
  /** Inbound HTTP: what the partner must present to POST to us. */
  token?: string;
  /** Outbound HTTP: the bearer token we present to the partner. */
  outboundToken?: string;
}

export interface EdiPartnerNode extends Node<EdiPartnerCredentials> {
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

/** A field still reading `${VAR}` names an environment variable that is not set: treat it as blank. */
function field(value: string | undefined): string {
  return value && /^\$\{[^}]+\}$/.test(value) ? '' : (value ?? '').trim();
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

function readProfile(text: string): PartnerProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`The profile is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const check = validatePartnerProfile(value);
  if (!check.ok || !check.profile) throw new Error(`The profile is not valid: ${check.problems.map((p) => p.message).join('; ')}`);
  return check.profile;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function EdiPartner(this: EdiPartnerNode, def: EdiPartnerDef): void {
    RED.nodes.createNode(this, def);
    const userDir = (RED.settings as unknown as { userDir?: string }).userDir ?? path.join(os.tmpdir(), 'planbridge');
    const folder = (value: string | undefined): string => (field(value) ? path.resolve(userDir, field(value)) : '');
    this.inbound = folder(def.inbound);
    this.outbound = folder(def.outbound);
    this.files = new LocalFileStore();
    this.inboundToken = this.credentials?.token ?? '';
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    this.ledger = ledgerNode?.ledger;
    try {
      const profile = readProfile(def.profile ?? '');
      const url = field(def.url);
      if (url && !/^https?:\/\//.test(url)) throw new Error(`The HTTP URL must start with http:// or https://, got "${url}"`);
      if (def.ledger && !this.ledger) throw new Error('The chosen ledger is not available');
      if (url) {
        this.sender = new EdiHttpSender({
          name: def.name || `edi ${profile.id}`,
          url,
          token: this.credentials?.outboundToken || undefined,
          timeoutMs: Number(def.timeoutMs) || 30_000,
          resilience: resilienceFrom(def),
        });
        watchResilience(kit.runtime, this.sender.resilience);
      }
      this.profile = profile;
      registerPartner(kit.runtime, this.id, profile);
    } catch (err) {
      // Deploy goes on: the nodes using this partner show EDI_PARTNER_INVALID and refuse messages.
      this.problem = (err as Error).message;
      this.error(`EDI partner "${def.name || this.id}": ${this.problem}`);
    }
    this.on('close', (_removed: boolean, done: () => void) => {
      unregisterPartner(kit.runtime, this.id);
      this.sender?.dispose();
      done();
    });
  }

  RED.nodes.registerType<EdiPartnerNode, EdiPartnerDef, object, EdiPartnerCredentials>('edi-partner', EdiPartner, {
    credentials: { token: { type: 'password' }, outboundToken: { type: 'password' } },
  });

  // The editor starts a new partner from one of these.
  RED.httpAdmin.get('/edi-partner/examples', RED.auth.needsPermission('edi-partner.read'), (_req, res) => {
    res.json(EXAMPLE_PROFILES);
  });
}
