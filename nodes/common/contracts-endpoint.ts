import type { NodeAPI } from 'node-red';
import { contractSchemas } from '../canonical/contracts';
import { DEFAULT_UNITS } from '../canonical/units';

/** GET <admin>/planbridge/contracts: the contract list for editor drop-downs. */
export function registerContractsEndpoint(RED: NodeAPI): void {
  const list = Object.entries(contractSchemas).map(([ref, schema]) => ({ ref, title: schema.title, description: schema.description }));
  RED.httpAdmin.get('/planbridge/contracts', RED.auth.needsPermission('planbridge.read'), (_req, res) => {
    res.json({ contracts: list, units: DEFAULT_UNITS });
  });
}
