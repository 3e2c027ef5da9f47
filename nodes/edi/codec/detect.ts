/** Which standard a file is in, from its first characters after any BOM and whitespace. */
import { stripLeading } from './input';
import type { Standard } from './tree';

export function detectStandard(text: string): Standard | null {
  const head = stripLeading(text.slice(0, 4096)).text;
  if (/^ISA[^A-Za-z0-9\s]/.test(head)) return 'x12';
  // A UNA service string advice, or an interchange (UNB) or bare message (UNH) with any separator.
  if (/^UNA/.test(head) || /^UN[BH][^A-Za-z0-9\s]/.test(head)) return 'edifact';
  return null;
}
