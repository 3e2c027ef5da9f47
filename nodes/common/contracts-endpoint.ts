import type { NodeAPI } from 'node-red';
import { contracts } from '../canonical/registry';
import { DEFAULT_UNITS } from '../canonical/units';
import { DEFAULT_RESILIENCE } from '../lib/resilience';

/** GET <admin>/planbridge/contracts: the contract list for editor drop-downs. */
export function registerContractsEndpoint(RED: NodeAPI): void {
  RED.httpAdmin.get('/planbridge/contracts', RED.auth.needsPermission('planbridge.read'), (_req, res) => {
    // Asked each time: node packs may have registered contracts of their own since.
    const registry = contracts();
    const list = registry.refs().map((ref) => {
      const { schema } = registry.get(ref);
      return { ref, title: schema.title, description: schema.description };
    });
    res.json({ contracts: list, units: DEFAULT_UNITS });
  });
}

/** GET <admin>/planbridge/resilience: the defaults a blank retry or circuit field of a connection takes (shown in its dialog). */
export function registerResilienceEndpoint(RED: NodeAPI): void {
  RED.httpAdmin.get('/planbridge/resilience', RED.auth.needsPermission('planbridge.read'), (_req, res) => {
    res.json({ defaults: DEFAULT_RESILIENCE });
  });
}
