import path from 'node:path';
import { envField } from '../../lib/fields';
import { resilienceFrom, type Resilience, type ResilienceOptions } from '../../lib/resilience';
import { EdiHttpSender } from '../transport/http-sender';
import type { PartnerProfile } from './types';
import { validatePartnerProfile } from './validate';

/** edi-partner's fields as the editor saves them. */
export interface PartnerFields extends Partial<Record<keyof ResilienceOptions, string>> {
  name?: string;
  /** The partner profile, as JSON. */
  profile: string;
  inbound: string;
  outbound: string;
  url: string;
  timeoutMs: string;
}

export interface PartnerCredentials {
  /** Inbound HTTP: what the partner must present to POST to us. */
  token?: string;
  /** Outbound HTTP: the bearer token we present to the partner. */
  outboundToken?: string;
}

export interface PartnerConnection {
  profile: PartnerProfile;
  /** Sends interchanges to the partner's HTTP endpoint, when it has one. */
  sender?: EdiHttpSender;
  resilience?: Resilience;
  dispose(): void;
}

export function readProfile(text: string): PartnerProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`The profile is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const check = validatePartnerProfile(value);
  if (!check.ok || !check.profile) throw new Error(`The profile is not valid: ${check.problems.map((p) => p.message).join('; ')}`);
  return check.profile;
}

/** A partner's folder, relative to the user directory; blank when the field is blank (or an unset ${VAR}). */
export function partnerFolder(userDir: string, value: string | undefined): string {
  return envField(value) ? path.resolve(userDir, envField(value)) : '';
}

/** The partner's profile and, with a URL, its HTTP sender; throws with what is wrong. */
export function partnerConnection(def: PartnerFields, credentials: PartnerCredentials): PartnerConnection {
  const profile = readProfile(def.profile ?? '');
  const url = envField(def.url);
  if (url && !/^https?:\/\//.test(url)) throw new Error(`The HTTP URL must start with http:// or https://, got "${url}"`);
  const sender = url
    ? new EdiHttpSender({
        name: def.name || `edi ${profile.id}`,
        url,
        token: credentials.outboundToken || undefined,
        timeoutMs: Number(def.timeoutMs) || 30_000,
        resilience: resilienceFrom(def),
      })
    : undefined;
  return { profile, sender, resilience: sender?.resilience, dispose: () => sender?.dispose() };
}
