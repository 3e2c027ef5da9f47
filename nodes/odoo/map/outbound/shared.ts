import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import { InputError } from '../../../lib/errors';
import type { ProductRef, WarehouseInfo } from '../context';
import { toOdooDatetime } from '../values';

/*
 * What the outbound mappings share: the tags that make the documents made from recommendations findable
 * again (exactly once), the check of the recommendation type, and product and warehouse lookups. Pure:
 * the calls to Odoo are in nodes/odoo/write/outbound.
 */

export interface RecommendationRef {
  recommendation_id: string;
  plan_version: number;
}

/** One line of a mapping's answer: the recommendation, and whether this run created its document. */
export interface RecommendationOutcome extends RecommendationRef {
  action: 'created' | 'existing';
}

/** A document's origin names the plan version: `planbridge <plan_id>@<plan_version>`. */
export function planOrigin(planId: string, planVersion: number): string {
  return `planbridge ${planId}@${planVersion}`;
}

/** Each line names its recommendation: `[<recommendation_id>@<plan_version>]`. */
export function recommendationTag(rec: RecommendationRef): string {
  return `[${rec.recommendation_id}@${rec.plan_version}]`;
}

export function recommendationKey(rec: RecommendationRef): string {
  return `${rec.recommendation_id}@${rec.plan_version}`;
}

const TAG = /\[([^\]@]+)@(\d+)\]/;

/** The recommendation key a line's text carries in its tag, if any. */
export function taggedKey(text: unknown): string | null {
  const tag = TAG.exec(typeof text === 'string' ? text : '');
  return tag ? `${tag[1]}@${tag[2]}` : null;
}

/** An `=like` pattern for texts that start with `prefix`: LIKE's `%`, `_` and `\` in it are escaped. */
export function startsWithPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The page, checked to hold only recommendations of one type; another type is an input error. */
export function recommendationsOfType(recs: ReplenishmentRecommendation[], type: 'purchase' | 'transfer', hint: string): ReplenishmentRecommendation[] {
  const wrong = recs.find((r) => r.type !== type);
  if (wrong)
    throw new InputError(`Only ${type} recommendations are accepted here; ${hint}`, 'RECOMMENDATION_TYPE_INVALID', {
      recommendation_id: wrong.recommendation_id,
      type: wrong.type,
    });
  return recs;
}

/** The day a recommendation is needed, as Odoo's datetime (midnight UTC). */
export function needByDatetime(rec: { need_by: string }): string {
  return toOdooDatetime(`${rec.need_by}T00:00:00Z`);
}

/** The earliest need_by of a group, as Odoo's datetime: when a document for the whole group is due. */
export function earliestNeedBy(group: Array<{ need_by: string }>): string {
  return needByDatetime({ need_by: group.map((r) => r.need_by).sort()[0] });
}

/**
 * Splits a page into the recommendations whose line is already in Odoo (answered as `existing`, with
 * `describe` of what was found) and the fresh ones still to create.
 */
export function splitExisting<D, R>(
  recs: ReplenishmentRecommendation[],
  existing: Map<string, D>,
  describe: (rec: ReplenishmentRecommendation, found: D) => R,
): { fresh: ReplenishmentRecommendation[]; results: R[] } {
  const fresh: ReplenishmentRecommendation[] = [];
  const results: R[] = [];
  for (const rec of recs) {
    const found = existing.get(recommendationKey(rec));
    if (found === undefined) fresh.push(rec);
    else results.push(describe(rec, found));
  }
  return { fresh, results };
}

/** A document to create (or join to a draft of the same plan) for a group of recommendations. */
export interface GroupDocument {
  vals: Record<string, unknown>;
  group: ReplenishmentRecommendation[];
}

/** The Odoo product of an item code; an unknown one is an input error. */
export function productFor(products: Map<string, ProductRef>, sku: string): ProductRef {
  const product = products.get(sku);
  if (!product) throw new InputError(`No Odoo product has the internal reference ${sku}`, 'ODOO_PRODUCT_UNKNOWN', { sku });
  return product;
}

/** The Odoo warehouse of a location code (its short name); an unknown one is an input error. */
export function warehouseFor(warehouses: WarehouseInfo[], code: string): WarehouseInfo {
  const warehouse = warehouses.find((w) => w.code === code);
  if (!warehouse) throw new InputError(`No Odoo warehouse has the short name ${code}`, 'ODOO_WAREHOUSE_UNKNOWN', { warehouse: code });
  return warehouse;
}
