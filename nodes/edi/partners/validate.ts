/** Checks a profile that came from outside (settings, ledger, a JSON file) before the codec uses it. */
import { problem, type EdiProblem } from '../codec/problems';
import type { PartnerProfile } from './types';

export interface ProfileCheck {
  ok: boolean;
  profile: PartnerProfile | null;
  problems: EdiProblem[];
}

const VERSIONS: Record<string, string[]> = { x12: ['004010', '005010'], edifact: ['D96A', 'D01B'] };

export function validatePartnerProfile(value: unknown): ProfileCheck {
  const problems: EdiProblem[] = [];
  const bad = (message: string) => problems.push(problem('PROFILE_INVALID', 0, '', message));
  if (typeof value !== 'object' || value === null) {
    bad('A partner profile must be an object');
    return { ok: false, profile: null, problems };
  }
  const p = value as Record<string, unknown>;
  const isParty = (v: unknown) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Record<string, unknown>).id === 'string' &&
    typeof (v as Record<string, unknown>).qualifier === 'string';
  if (typeof p.id !== 'string' || p.id === '') bad('id must be a non-empty string (our supplier code)');
  if (p.standard !== 'x12' && p.standard !== 'edifact') bad('standard must be "x12" or "edifact"');
  else if (typeof p.version !== 'string' || !VERSIONS[p.standard].includes(p.version)) {
    bad(`version must be one of ${VERSIONS[p.standard].join(', ')} for ${p.standard}`);
  }
  if (!isParty(p.partner)) bad('partner must be {id, qualifier}');
  if (!isParty(p.us)) bad('us must be {id, qualifier}');
  for (const key of ['units', 'locations', 'stockQuantities'] as const) {
    const table = p[key];
    if (table !== undefined && (typeof table !== 'object' || table === null || Object.values(table).some((v) => typeof v !== 'string'))) {
      bad(`${key} must map strings to strings`);
    }
  }
  const stockFields = new Set(['on_hand', 'available', 'reserved', 'in_transit']);
  const quantities = p.stockQuantities as Record<string, unknown> | undefined;
  if (quantities && typeof quantities === 'object' && Object.values(quantities).some((v) => typeof v === 'string' && !stockFields.has(v))) {
    bad(`stockQuantities values must be one of ${[...stockFields].join(', ')}`);
  }
  for (const key of ['skuQualifiers'] as const) {
    const list = p[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || v === ''))) bad(`${key} must be a list of qualifier codes`);
  }
  const limits = p.limits as Record<string, unknown> | undefined;
  if (limits !== undefined) {
    if (typeof limits !== 'object' || limits === null) bad('limits must be an object {fileBytes, documents}');
    else
      for (const key of ['fileBytes', 'documents'])
        if (limits[key] !== undefined && !(Number.isInteger(limits[key]) && (limits[key] as number) > 0)) bad(`limits.${key} must be a positive whole number`);
  }
  const delimiters = p.delimiters as Record<string, unknown> | undefined;
  if (delimiters !== undefined) {
    if (typeof delimiters !== 'object' || delimiters === null) bad('delimiters must be an object');
    else {
      const given = Object.entries(delimiters).filter(([, v]) => v !== undefined);
      for (const [name, v] of given) if (typeof v !== 'string' || v.length !== 1) bad(`delimiters.${name} must be one character`);
      const chars = given.map(([, v]) => v);
      if (new Set(chars).size !== chars.length) bad('delimiters must all differ');
    }
  }
  if (p.standard === 'x12' && isParty(p.partner) && isParty(p.us)) {
    for (const who of ['partner', 'us'] as const) {
      const party = p[who] as { id: string; qualifier: string };
      if (party.id.length > 15 || party.qualifier.length !== 2) bad(`${who}: X12 ids are at most 15 characters with a 2-character qualifier`);
    }
  }
  const ok = problems.length === 0;
  return { ok, profile: ok ? (value as PartnerProfile) : null, problems };
}

/** Finds the profile whose partner id (and qualifier, when given) matches an interchange party. */
export function findProfile(profiles: readonly PartnerProfile[], party: { id: string; qualifier: string }): PartnerProfile | undefined {
  return profiles.find((p) => p.partner.id === party.id && p.partner.qualifier === party.qualifier) ?? profiles.find((p) => p.partner.id === party.id);
}
