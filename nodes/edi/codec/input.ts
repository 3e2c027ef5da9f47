/** Turns the caller's Buffer or string into text, and finds the BOM and leading whitespace. */

const BOM = '\uFEFF';

/**
 * Decodes bytes as UTF-8 when they are valid UTF-8, else as ISO 8859-1. EDIFACT UNOC (and most
 * X12 extended sets) are Latin-1, while partners who produce files on modern systems send UTF-8;
 * invalid UTF-8 is the reliable sign of the former.
 */
export function decodeInput(input: Buffer | Uint8Array | string): string {
  if (typeof input === 'string') return input;
  try {
    // ignoreBOM keeps a BOM in the text, so the parsers can report it instead of it vanishing here.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
  } catch {
    return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  }
}

export interface Prepared {
  text: string;
  hadBom: boolean;
}

/** Drops a leading BOM (one or more: some tools add one per concatenated file) and leading whitespace. */
export function stripLeading(text: string): Prepared {
  let i = 0;
  let hadBom = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch === BOM) hadBom = true;
    else if (ch !== ' ' && ch !== '\t' && ch !== '\r' && ch !== '\n') break;
    i++;
  }
  return { text: i === 0 ? text : text.slice(i), hadBom };
}

export function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\f' || ch === '\v';
}
