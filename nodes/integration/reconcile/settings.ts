import path from 'node:path';
import type { AlertPolicy } from './alerts';
import { isText, lookupMap, QUANTITY_FIELDS, type QuantityField } from './rows';
import { parseSides, type Side } from './sides';
import { parseCategoryTolerances, parseTolerance, type TolerancePolicy } from './tolerance';
import { messagePath } from '../../lib/path';

/** pb-reconcile's editor fields, as Node-RED stores them (strings). */
export interface ReconcileFields {
  sides: string;
  sourceProperty?: string;
  runProperty?: string;
  quantity?: string;
  tolerance?: string;
  categoryTolerances?: string;
  categories?: string;
  categoryProperty?: string;
  costProperty?: string;
  alertValue?: string;
  alertQuantity?: string;
  maxAlerts?: string;
  folder?: string;
  keepRuns?: string;
  pageSize?: string;
}

export interface ReconcileSettings {
  sides: Side[];
  sourceProperty: string;
  runProperty: string | null;
  quantity: QuantityField;
  tolerances: TolerancePolicy;
  categories: Record<string, string>;
  categoryProperty: string;
  costProperty: string;
  alerts: AlertPolicy;
  folder: string;
  keepRuns: number;
  pageSize: number;
}

function optionalNumber(text: string | undefined, field: string, min: number): number | null {
  const t = (text ?? '').trim();
  if (!t) return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n < min) throw new Error(`${field} must be a number of at least ${min}, got "${t}"`);
  return n;
}

function integer(text: string | undefined, field: string, fallback: number, min: number): number {
  const n = optionalNumber(text, field, min);
  if (n !== null && !Number.isInteger(n)) throw new Error(`${field} must be a whole number, got "${text}"`);
  return n ?? fallback;
}

export function quantityField(text: string | undefined): QuantityField {
  const q = (text || 'on_hand') as QuantityField;
  if (!QUANTITY_FIELDS.includes(q)) throw new Error(`The quantity to compare must be one of ${QUANTITY_FIELDS.join(', ')}, got "${text}"`);
  return q;
}

/** Checks the fields at deploy; a problem is a sentence for the analyst. */
export function reconcileSettings(def: ReconcileFields, userDir: string): { settings: ReconcileSettings } | { problem: string } {
  try {
    const sides = parseSides(def.sides);
    if ('problem' in sides) throw new Error(sides.problem);
    const fallback = parseTolerance(def.tolerance);
    if (!fallback) throw new Error(`The tolerance must be a number or a percentage like "2%", got "${def.tolerance}"`);
    const byCategory = parseCategoryTolerances(def.categoryTolerances);
    if ('problem' in byCategory) throw new Error(byCategory.problem);
    let categories: Record<string, string> = {};
    if ((def.categories ?? '').trim()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(def.categories as string);
      } catch {
        throw new Error('The categories must be a JSON object of sku to category, e.g. {"BOLT-M8": "FASTENERS"}');
      }
      categories = lookupMap(parsed, isText);
    }
    return {
      settings: {
        sides: sides.sides,
        sourceProperty: messagePath(def.sourceProperty) || 'topic',
        runProperty: messagePath(def.runProperty) || null,
        quantity: quantityField(def.quantity),
        tolerances: { default: fallback, categories: byCategory.categories },
        categories,
        categoryProperty: messagePath(def.categoryProperty) || 'categories',
        costProperty: messagePath(def.costProperty) || 'unitCosts',
        alerts: {
          minValue: optionalNumber(def.alertValue, 'The alert value', 0),
          minQuantity: optionalNumber(def.alertQuantity, 'The alert quantity', 0),
          cap: integer(def.maxAlerts, 'The most alerts', 25, 0),
        },
        folder: path.resolve(userDir, (def.folder ?? '').trim() || 'reconcile'),
        keepRuns: integer(def.keepRuns, 'Runs kept', 7, 1),
        pageSize: integer(def.pageSize, 'The page size', 1000, 1),
      },
    };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}
