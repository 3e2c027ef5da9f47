import type { Predicate } from './domain';
import type { Env, ModelDef } from './types';

/**
 * The multi-company record rule every company-scoped model has in Odoo:
 * ['|', ('company_id', '=', False), ('company_id', 'in', company_ids)].
 */
export function companyRule(env: Env, def: ModelDef): Predicate | null {
  if (env.su || !def.companyScoped) return null;
  const allowed = new Set(env.companyIds);
  return (rec) => {
    const company = rec.company_id;
    return typeof company !== 'number' || allowed.has(company);
  };
}
