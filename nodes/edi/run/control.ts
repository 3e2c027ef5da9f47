import { ConfigError, InputError } from '../../lib/errors';
import type { ControlNumberResult } from '../../ledger/store/types';
import type { PartnerProfile } from '../partners/types';

/** The largest interchange number each envelope can carry: X12 ISA13 is 9 digits, EDIFACT UNB 0020 up to 14 characters. */
export const CONTROL_LIMITS = { x12: 999_999_999, edifact: 99_999_999_999_999 } as const;

/** Our interchanges to a partner (orders and acknowledgments alike) share one sequence. */
export const INTERCHANGE_SCOPE = 'interchange';

export type AssignControl = (partnerId: string, scope: string, businessKey: string, max: number) => Promise<ControlNumberResult>;

export interface AssignedControl {
  number: number;
  /** The number as the envelope writes it: 9 digits for X12. */
  text: string;
  reused: boolean;
  assignedAt: Date;
}

export function controlText(standard: PartnerProfile['standard'], number: number): string {
  return standard === 'x12' ? String(number).padStart(9, '0') : String(number);
}

/** The partner's interchange number for a business key; refuses to wrap past the envelope's limit. */
export async function interchangeNumber(assign: AssignControl, profile: PartnerProfile, businessKey: string): Promise<AssignedControl> {
  if (!businessKey) throw new InputError('No business key for the control number (msg.edi.businessKey or the document id)', 'EDI_BUILD_INVALID');
  const max = CONTROL_LIMITS[profile.standard];
  const result = await assign(profile.id, INTERCHANGE_SCOPE, businessKey, max);
  if (result.exhausted) {
    throw new ConfigError(
      `Partner ${profile.id}: interchange control numbers are used up (last ${result.last} of ${max}); numbers are never reused, so agree a new sender id or reset with the partner`,
      'EDI_CONTROL_EXHAUSTED',
      { partner: profile.id, last: result.last, max },
    );
  }
  return { number: result.number, text: controlText(profile.standard, result.number), reused: result.reused, assignedAt: new Date(result.assignedAt) };
}

/** `SUP-ACME_000000042.x12`: one file per interchange, named by the partner and the control number. */
export function interchangeFileName(profile: PartnerProfile, control: AssignedControl): string {
  const partner = profile.id.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${partner}_${control.text}.${profile.standard === 'x12' ? 'x12' : 'edi'}`;
}
