import type { Analysis } from './analyse';
import { compareStrings } from './keys';
import { floorTo } from './rounding';

export interface Donor {
  analysis: Analysis;
  /** What the donor can still give: stock above (1 + margin) x its own order-up-to, and physically available. */
  excess: number;
}

/**
 * Excess of a location: position above (1 + margin) * S, capped at on_hand - reserved because stock still
 * in transit cannot be shipped. The margin keeps the donor from needing a purchase itself right after.
 */
export function transferableExcess(a: Analysis, margin: number): number {
  const aboveTarget = a.position - (1 + margin) * a.orderUpTo;
  const available = a.onHand - a.reserved;
  return Math.max(0, floorTo(Math.min(aboveTarget, available), a.decimals));
}

/** The donor with the most excess left (ties: lowest location code), skipping the short location itself. */
export function pickDonor(donors: readonly Donor[], shortLocation: string): Donor | null {
  let best: Donor | null = null;
  for (const d of donors) {
    if (d.analysis.location === shortLocation || d.excess <= 0) continue;
    if (!best || d.excess > best.excess || (d.excess === best.excess && compareStrings(d.analysis.location, best.analysis.location) < 0)) best = d;
  }
  return best;
}

/** Transfer size: the need, or what the donor can spare if less; no MOQ or pack rounding between own sites. */
export function transferQuantity(need: number, donor: Donor, decimals: number): number {
  return Math.max(0, floorTo(Math.min(need, donor.excess), decimals));
}
