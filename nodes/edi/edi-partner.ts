import type { NodeAPI, NodeDef } from 'node-red';
import { holdConnection, userDirOf } from '../lib/connection';
import { LocalFileStore } from '../lib/files/file-store';
import { runtimeOf } from '../lib/runtime-context';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import type { EdiPartnerNode } from './partner-node';
import { registerPartner, unregisterPartner } from './partner-registry';
import { EXAMPLE_PROFILES } from './partners';
import { partnerConnection, partnerFolder, type PartnerCredentials, type PartnerFields } from './partners/connection';

type PartnerDef = NodeDef & PartnerFields & { ledger: string };

/** A trading partner: its profile (standard, identifiers, units), folders, HTTP endpoint and control numbers. */
export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function EdiPartner(this: EdiPartnerNode, def: PartnerDef): void {
    RED.nodes.createNode(this, def);
    this.inbound = partnerFolder(userDirOf(RED), def.inbound);
    this.outbound = partnerFolder(userDirOf(RED), def.outbound);
    this.files = new LocalFileStore();
    this.inboundToken = this.credentials?.token ?? '';
    this.ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    // Deploy goes on with a bad profile: the nodes using this partner show EDI_PARTNER_INVALID and refuse messages.
    const connection = holdConnection(runtime, this, () => {
      if (def.ledger && !this.ledger) throw new Error('The chosen ledger is not available');
      return partnerConnection(def, this.credentials ?? {});
    });
    if (!connection) return;
    this.profile = connection.profile;
    this.sender = connection.sender;
    registerPartner(runtime, this.id, connection.profile);
    this.on('close', (_removed: boolean, done: () => void) => {
      unregisterPartner(runtime, this.id);
      done();
    });
  }

  RED.nodes.registerType<EdiPartnerNode, PartnerDef, object, PartnerCredentials>('edi-partner', EdiPartner, {
    credentials: { token: { type: 'password' }, outboundToken: { type: 'password' } },
  });

  // The editor starts a new partner from one of these.
  RED.httpAdmin.get('/edi-partner/examples', RED.auth.needsPermission('edi-partner.read'), (_req, res) => {
    res.json(EXAMPLE_PROFILES);
  });
}
