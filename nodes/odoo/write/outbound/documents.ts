import type { ReplenishmentRecommendation } from '../../../canonical/contracts';
import type { MappingContext } from '../../map/context';
import type { GroupDocument } from '../../map/outbound/shared';

export interface PlacedRecommendation {
  rec: ReplenishmentRecommendation;
  id: number;
  name: string;
}

/**
 * Creates one document per group of recommendations in a single call, so a crash leaves all of them or
 * none, and answers the document (id and name) each recommendation went into, in group order.
 */
export async function createForGroups(context: MappingContext, model: string, documents: GroupDocument[]): Promise<PlacedRecommendation[]> {
  const ids = await context.client.create(
    model,
    documents.map((d) => d.vals),
  );
  const names = new Map((await context.client.read(model, ids, ['name'])).map((d) => [d.id, String(d.name)]));
  return documents.flatMap((d, i) => d.group.map((rec) => ({ rec, id: ids[i], name: names.get(ids[i]) ?? '' })));
}

/**
 * Puts each group into the draft document of the same plan that matches it on `matchFields` (the
 * supplier's RFQ, the transfer between the same two warehouses), adding its lines with one write per
 * document, and creates documents for the rest in one call. So recommendations approved in several
 * rounds of one plan still make one document per supplier or route while it is a draft.
 */
export async function joinDraftsOrCreate(
  context: MappingContext,
  model: string,
  linesField: string,
  matchFields: string[],
  documents: GroupDocument[],
): Promise<PlacedRecommendation[]> {
  const drafts = await context.client.searchRead(model, {
    domain: [
      ['origin', 'in', [...new Set(documents.map((d) => d.vals.origin as string))]],
      ['state', '=', 'draft'],
    ],
    fields: ['origin', 'name', ...matchFields],
    order: 'id asc',
  });
  const same = (draft: Record<string, unknown>, vals: Record<string, unknown>): boolean =>
    draft.origin === vals.origin &&
    matchFields.every((f) => vals[f] === undefined || (Array.isArray(draft[f]) ? (draft[f] as unknown[])[0] : draft[f]) === vals[f]);
  const placed: PlacedRecommendation[] = [];
  const fresh: GroupDocument[] = [];
  for (const document of documents) {
    const draft = drafts.find((d) => same(d, document.vals));
    if (!draft) {
      fresh.push(document);
      continue;
    }
    await context.client.write(model, [draft.id], { [linesField]: document.vals[linesField] });
    placed.push(...document.group.map((rec) => ({ rec, id: draft.id, name: String(draft.name) })));
  }
  return fresh.length ? [...placed, ...(await createForGroups(context, model, fresh))] : placed;
}
