import { accessError } from './errors';
import type { ModelDef } from './orm/types';

export type Operation = 'read' | 'write' | 'create' | 'unlink';

export interface SecurityGroup {
  /** External id, as in ir.model.data. */
  xmlid: string;
  name: string;
  /** Model -> letters r/w/c/u (read, write, create, unlink); '*' is every model. */
  acl: Record<string, string>;
}

const READ_ONLY = [
  'res.partner',
  'res.company',
  'res.currency',
  'res.users',
  'product.category',
  'uom.uom',
  'uom.category',
  'product.template',
  'product.product',
  'product.supplierinfo',
  'stock.warehouse',
  'stock.location',
  'stock.quant',
  'stock.lot',
  'stock.picking.type',
  'sale.order',
  'sale.order.line',
];

/**
 * The least-privilege group the sandbox's integration user belongs to: reads master data, stock and orders;
 * writes purchase orders, transfers with their moves, reordering rules and external ids; deletes nothing a
 * business user owns (no unlink on products, partners, stock or orders), which Odoo's own "bot user" advice
 * recommends. Moves are read/write/create as for Odoo's Inventory / User (stock.access_stock_move_user);
 * reordering rules go beyond that group, which only reads them: in Odoo they need Inventory / Administrator
 * or an ACL of their own.
 */
export const INTEGRATION_GROUP: SecurityGroup = {
  xmlid: 'planbridge_sandbox.group_integration',
  name: 'Planbridge Integration (least privilege)',
  acl: {
    ...Object.fromEntries(READ_ONLY.map((m) => [m, 'r'])),
    'purchase.order': 'rwc',
    'purchase.order.line': 'rwcu',
    'stock.picking': 'rwc',
    'stock.move': 'rwc',
    'stock.warehouse.orderpoint': 'rwcu',
    'ir.model.data': 'rwcu',
  },
};

export const ADMIN_GROUP: SecurityGroup = { xmlid: 'base.group_system', name: 'Administration / Settings', acl: { '*': 'rwcu' } };

export const SECURITY_GROUPS: readonly SecurityGroup[] = [ADMIN_GROUP, INTEGRATION_GROUP];

const LETTER: Record<Operation, string> = { read: 'r', write: 'w', create: 'c', unlink: 'u' };
const VERB: Record<Operation, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };

export function groupAllows(group: SecurityGroup, model: string, operation: Operation): boolean {
  const letters = group.acl[model] ?? group.acl['*'] ?? '';
  return letters.includes(LETTER[operation]);
}

export function hasAccess(groups: readonly SecurityGroup[], model: string, operation: Operation): boolean {
  return groups.some((g) => groupAllows(g, model, operation));
}

/** ir.model.access.check with raise_exception: the AccessError text of Odoo 16-19 (first line is what matters). */
export function checkAccess(groups: readonly SecurityGroup[], def: ModelDef, operation: Operation): void {
  if (hasAccess(groups, def.name, operation)) return;
  const allowed = SECURITY_GROUPS.filter((g) => groupAllows(g, def.name, operation)).map((g) => `\t- ${g.name}`);
  throw accessError(
    `You are not allowed to ${VERB[operation]} '${def.description}' (${def.name}) records.\n\n` +
      `This operation is allowed for the following groups:\n${allowed.join('\n')}\n\n` +
      'Contact your administrator to request access if necessary.',
  );
}
