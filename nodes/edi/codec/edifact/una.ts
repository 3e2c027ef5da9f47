/**
 * Service characters (ISO 9735 §4, §7). Without a UNA the defaults apply: ':' component,
 * '+' element, '.' decimal mark, '?' release, "'" segment terminator. Syntax version 4 adds
 * '*' as repetition separator; in versions 1-3 the fifth UNA position is reserved (a space).
 */
import type { Delimiters } from '../tree';

export const DEFAULT_EDIFACT_DELIMITERS: Readonly<Delimiters> = Object.freeze({
  component: ':',
  element: '+',
  decimal: '.',
  release: '?',
  repetition: null,
  segment: "'",
});

/** Repetition separator syntax version 4 uses when no UNA says otherwise. */
export const SYNTAX4_REPETITION = '*';

export interface UnaRead {
  delimiters: Delimiters;
  /** Empty when the six characters are usable. */
  errors: string[];
}

/** Reads the six characters after "UNA". A space as release or repetition character means "none". */
export function delimitersFromUna(six: string): UnaRead {
  const [component, element, decimal, release, repetition, segment] = six.split('');
  const delimiters: Delimiters = {
    component,
    element,
    decimal,
    release: release === ' ' ? null : release,
    repetition: repetition === ' ' ? null : repetition,
    segment,
  };
  const errors: string[] = [];
  const used = [component, element, segment, delimiters.release, delimiters.repetition].filter((c): c is string => c !== null);
  if (new Set(used).size !== used.length) errors.push(`UNA "${six}" uses one character for two purposes`);
  if (/[A-Za-z0-9]/.test(used.join(''))) errors.push(`UNA "${six}" uses a letter or digit as a separator`);
  return { delimiters, errors };
}

export function unaString(d: Delimiters): string {
  return `UNA${d.component}${d.element}${d.decimal}${d.release ?? ' '}${d.repetition ?? ' '}${d.segment}`;
}
