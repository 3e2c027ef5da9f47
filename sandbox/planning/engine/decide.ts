import type { ItemSupplierRecord } from '../contracts/types';
import { fmt, type Analysis } from './analyse';
import { compareStrings } from './keys';
import type { ResolvedOptions } from './options';
import { roundToSupplier } from './rounding';
import { pickDonor, transferQuantity, transferableExcess, type Donor } from './transfers';

export interface Proposal {
  type: 'purchase' | 'transfer';
  target: Analysis;
  quantity: number;
  supplier: ItemSupplierRecord | null;
  source: Analysis | null;
  orderByDay: number;
  needByDay: number;
  reasonCode: string;
  reason: string;
}

export interface Decisions {
  proposals: Proposal[];
  /** Item-locations that needed a purchase but have no valid supplier offer. */
  noSupplier: number;
}

interface Shortage {
  a: Analysis;
  /** Days from asOf until the order must be placed: 0 when at or below s now. */
  inDays: number;
}

/**
 * Decisions for all locations of one sku. Locations at or below their reorder point are served first from
 * sibling locations with excess (a transfer is faster and costs no new stock), then by a purchase for what
 * is still missing. Locations that will cross the reorder point before the next review are bought for now,
 * since waiting for that review would leave them short for the rest of the lead time.
 */
export function decideSku(analyses: readonly Analysis[], options: ResolvedOptions, asOfDay: number): Decisions {
  const shortages: Shortage[] = [];
  const donors: Donor[] = [];
  for (const a of analyses) {
    const inDays = daysUntilReorder(a, options.lookaheadDays);
    if (inDays !== null) shortages.push({ a, inDays });
    else {
      const excess = transferableExcess(a, options.transferMargin);
      if (excess > 0) donors.push({ analysis: a, excess });
    }
  }
  shortages.sort(
    (x, y) => x.inDays - y.inDays || x.a.position - x.a.reorderPoint - (y.a.position - y.a.reorderPoint) || compareStrings(x.a.location, y.a.location),
  );

  const proposals: Proposal[] = [];
  let noSupplier = 0;
  for (const { a, inDays } of shortages) {
    let covered = 0;
    if (inDays === 0) {
      const donor = pickDonor(donors, a.location);
      const qty = donor ? transferQuantity(a.orderUpTo - a.position, donor, a.decimals) : 0;
      if (donor && qty > 0) {
        donor.excess -= qty;
        covered = qty;
        proposals.push(transfer(a, donor.analysis, qty, options, asOfDay));
      }
      if (a.position + covered > a.reorderPoint) continue;
    }
    if (!a.supplier) {
      noSupplier++;
      continue;
    }
    const p = purchase(a, a.supplier, covered, inDays, asOfDay);
    if (p.quantity > 0) proposals.push(p);
  }
  return { proposals, noSupplier };
}

/** 0 when the position is at or below s now, d when it reaches s in d days (d <= lookahead), else null. */
export function daysUntilReorder(a: Analysis, lookaheadDays: number): number | null {
  if (a.orderUpTo - a.position <= 0) return null;
  if (a.position <= a.reorderPoint) return 0;
  if (lookaheadDays <= 0 || a.dailyRate <= 0) return null;
  const days = Math.ceil((a.position - a.reorderPoint) / a.dailyRate);
  return days <= lookaheadDays ? days : null;
}

function purchase(a: Analysis, supplier: ItemSupplierRecord, covered: number, inDays: number, asOfDay: number): Proposal {
  const lead = Math.ceil(a.leadTimeDays);
  const positionAtOrder = a.position + covered - a.dailyRate * inDays;
  const need = a.orderUpTo - positionAtOrder;
  const quantity = roundToSupplier(need, supplier.moq, supplier.pack_size);
  const leadDemand = a.dailyRate * a.leadTimeDays;
  const u = a.uom;
  let reasonCode: string;
  let why: string;
  if (inDays > 0) {
    reasonCode = 'projected_below_reorder_point';
    why = `Position ${fmt(a.position)} ${u} reaches reorder point ${fmt(a.reorderPoint)} ${u} in ${inDays} d at ${fmt(a.dailyRate)} ${u}/day, before the next review`;
  } else {
    reasonCode = positionAtOrder - leadDemand < 0 ? 'stockout_risk' : 'below_reorder_point';
    why = `Position ${fmt(a.position + covered)} ${u} is at or below reorder point ${fmt(a.reorderPoint)} ${u}`;
    if (reasonCode === 'stockout_risk') why += `; lead-time demand ${fmt(leadDemand)} ${u} exceeds it, stock-out likely before receipt`;
  }
  const parts = [
    why,
    positionText(a, covered),
    `reorder point = ${fmt(leadDemand)} ${u} lead-time demand + safety stock ${fmt(a.safetyStock)} ${u}`,
    `order up to ${fmt(a.orderUpTo)} ${u}: need ${fmt(need)} ${u}, rounded to MOQ ${fmt(supplier.moq)} and pack ${fmt(supplier.pack_size)} = ${fmt(quantity)} ${u} from ${supplier.supplier}, lead time ${fmt(a.leadTimeDays)} d`,
    ...a.notes,
  ];
  return {
    type: 'purchase',
    target: a,
    quantity,
    supplier,
    source: null,
    orderByDay: asOfDay + inDays,
    needByDay: asOfDay + inDays + lead,
    reasonCode,
    reason: parts.join('; '),
  };
}

function transfer(a: Analysis, donor: Analysis, quantity: number, options: ResolvedOptions, asOfDay: number): Proposal {
  const u = a.uom;
  const reason = [
    `Position ${fmt(a.position)} ${u} at ${a.location} is at or below reorder point ${fmt(a.reorderPoint)} ${u} (order up to ${fmt(a.orderUpTo)} ${u})`,
    positionText(a, 0),
    `${donor.location} holds position ${fmt(donor.position)} ${u}, above ${1 + options.transferMargin} x its order-up-to ${fmt(donor.orderUpTo)} ${u}; moving ${fmt(quantity)} ${u} from there`,
  ].join('; ');
  return {
    type: 'transfer',
    target: a,
    quantity,
    supplier: null,
    source: donor,
    orderByDay: asOfDay,
    needByDay: asOfDay + Math.ceil(options.transferLeadTimeDays),
    reasonCode: 'excess_transfer',
    reason,
  };
}

function positionText(a: Analysis, covered: number): string {
  const u = a.uom;
  const text = `position = on hand ${fmt(a.onHand)} - reserved ${fmt(a.reserved)} + in transit ${fmt(a.inTransit)} - open sales due ${fmt(a.openSalesDue)} ${u}`;
  return covered > 0 ? `${text}, + ${fmt(covered)} ${u} by transfer` : text;
}
