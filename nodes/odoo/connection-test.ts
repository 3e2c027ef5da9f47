import type { NodeAPI } from 'node-red';
import { toPlanbridgeError } from '../lib/errors';
import type { AccessOperation, OdooClient } from './client/odoo-client';
import type { OdooConfigNode } from './odoo-config';

/** The models the shipped flows read and write, and what they need on each. */
export const FLOW_MODELS: Record<string, AccessOperation[]> = {
  'product.product': ['read'],
  'product.supplierinfo': ['read'],
  'stock.warehouse': ['read'],
  'stock.location': ['read'],
  'stock.quant': ['read'],
  'stock.move': ['read'],
  'sale.order.line': ['read'],
  'purchase.order': ['read', 'write', 'create'],
  'purchase.order.line': ['read', 'write', 'create'],
  'stock.picking': ['read', 'write', 'create'],
  'stock.warehouse.orderpoint': ['read', 'write', 'create'],
  'ir.model.data': ['read', 'create'],
};

export interface ConnectionReport {
  ok: boolean;
  version?: number;
  serverVersion?: string;
  protocol?: string;
  user?: { uid: number; name: string; login: string };
  access?: Record<string, Record<string, boolean>>;
  apiKeyExpiry?: string | null;
  error?: { code: string; message: string };
}

/** What "Test connection" shows: version, protocol, user, rights on the flows' models, key expiry. */
export async function testConnection(client: OdooClient): Promise<ConnectionReport> {
  try {
    const info = await client.connect();
    const user = await client.currentUser();
    const access: Record<string, Record<string, boolean>> = {};
    for (const [model, operations] of Object.entries(FLOW_MODELS)) {
      access[model] = {};
      for (const operation of operations) access[model][operation] = await client.hasAccess(model, operation);
    }
    const expiry = await client.apiKeyExpiry();
    return { ok: true, version: info.version, serverVersion: info.serverVersion, protocol: info.protocol, user, access, apiKeyExpiry: expiry };
  } catch (err) {
    const error = toPlanbridgeError(err);
    return { ok: false, error: { code: error.code, message: error.message } };
  }
}

const registeredOn = new WeakSet<object>();

/**
 * POST <admin>/planbridge/odoo/test/<config id>: tests a deployed configuration. The editor's button
 * calls it; credentials never leave the runtime.
 */
export function registerConnectionTest(RED: NodeAPI): void {
  if (registeredOn.has(RED.httpAdmin)) return;
  registeredOn.add(RED.httpAdmin);
  RED.httpAdmin.post('/planbridge/odoo/test/:id', RED.auth.needsPermission('odoo-config.write'), (req, res) => {
    const config = RED.nodes.getNode(req.params.id) as OdooConfigNode | null;
    if (!config) {
      res.status(404).json({ ok: false, error: { code: 'CONFIG_NOT_DEPLOYED', message: 'Deploy the configuration first, then test it' } });
      return;
    }
    if (!config.client) {
      res.json({ ok: false, error: { code: 'CONFIG_INVALID', message: config.problem ?? 'The configuration is incomplete' } });
      return;
    }
    testConnection(config.client).then(
      (report) => res.json(report),
      (err: unknown) => res.json({ ok: false, error: { code: 'CONNECTION_TEST_FAILED', message: (err as Error).message } }),
    );
  });
}
