import type { ReplenishmentRecommendation } from '../../canonical/contracts';

/** Auto-approval rules as the editor sets them; a blank rule is off. */
export interface AutoRules {
  /** Approve when the value is under this amount. */
  maxValue?: number;
  /** Approve only purchases from these suppliers. */
  supplierAllowList?: string[];
  /** Approve when the quantity is within this percentage of the last plan's for the same item, location and type. */
  maxChangePercent?: number;
}

export interface RuleVerdict {
  approve: boolean;
  /** The rules that passed (all enabled ones, when approving), e.g. value<500. */
  passed: string[];
  /** Why it waits for a planner, when it does. */
  reasons: string[];
}

function enabled(rules: AutoRules): boolean {
  return rules.maxValue !== undefined || !!rules.supplierAllowList?.length || rules.maxChangePercent !== undefined;
}

/**
 * A recommendation is approved automatically only when every enabled rule passes; with no rule
 * enabled, everything waits for a planner. `lastQuantity` is the quantity the last plan proposed for
 * the same item, location and type (undefined when there was none, which fails the change rule).
 */
export function evaluateAutoRules(rec: ReplenishmentRecommendation, rules: AutoRules, lastQuantity: number | undefined): RuleVerdict {
  const verdict: RuleVerdict = { approve: false, passed: [], reasons: [] };
  if (!enabled(rules)) {
    verdict.reasons.push('no auto-approval rule is enabled');
    return verdict;
  }
  if (rules.maxValue !== undefined) {
    const value = rec.value ?? (rec.unit_cost !== null && rec.unit_cost !== undefined ? rec.unit_cost * rec.quantity : undefined);
    if (value !== undefined && value < rules.maxValue) verdict.passed.push(`value<${rules.maxValue}`);
    else verdict.reasons.push(value === undefined ? 'value unknown' : `value ${value} is not under ${rules.maxValue}`);
  }
  if (rules.supplierAllowList?.length) {
    if (rec.type === 'purchase' && rec.supplier && rules.supplierAllowList.includes(rec.supplier)) verdict.passed.push('supplier-allowed');
    else verdict.reasons.push(rec.type === 'purchase' ? `supplier ${rec.supplier ?? '?'} is not on the allow-list` : 'a transfer has no supplier to allow');
  }
  if (rules.maxChangePercent !== undefined) {
    if (lastQuantity !== undefined && lastQuantity > 0 && (Math.abs(rec.quantity - lastQuantity) / lastQuantity) * 100 <= rules.maxChangePercent) {
      verdict.passed.push(`change<=${rules.maxChangePercent}%`);
    } else {
      verdict.reasons.push(
        lastQuantity === undefined
          ? 'no earlier plan to compare with'
          : `quantity ${rec.quantity} differs from the last plan's ${lastQuantity} by more than ${rules.maxChangePercent}%`,
      );
    }
  }
  verdict.approve = verdict.reasons.length === 0;
  return verdict;
}

export function autoRulesFrom(fields: { maxValue?: string; supplierAllowList?: string; maxChangePercent?: string }): AutoRules {
  const number = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined || v.trim() === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of at least 0, got "${v}"`);
    return n;
  };
  return {
    maxValue: number(fields.maxValue, 'The value threshold'),
    supplierAllowList: (fields.supplierAllowList ?? '').split(/[\s,]+/).filter(Boolean),
    maxChangePercent: number(fields.maxChangePercent, 'The quantity change'),
  };
}
