import Parser from 'edifact/parser.js';
import Validator from 'edifact/validator.js';
import { parseEdifact, type EdiSegment } from '../../../nodes/edi/codec';
import { corpus, fixtureText } from './helpers';

interface OracleSegment {
  tag: string;
  elements: string[][];
}

/** Tokenises with the `edifact` package: low-level Parser, validation off, UNOY (any character). */
function oracle(text: string): OracleSegment[] {
  const validator = new Validator();
  validator.disable();
  const parser = new Parser(validator);
  parser.encoding('UNOY');
  const out: OracleSegment[] = [];
  let elements: string[][] = [];
  let components: string[] = [];
  parser.on('opensegment', (tag: string) => {
    elements = [];
    out.push({ tag, elements });
  });
  parser.on('element', () => {
    components = [];
    elements.push(components);
  });
  parser.on('component', (data: string) => components.push(data));
  parser.write(text.replace(/^\uFEFF/, ''));
  parser.end();
  return out;
}

function ours(text: string): OracleSegment[] {
  const out: OracleSegment[] = [];
  parseEdifact(text, { onSegment: (s: EdiSegment) => void (s.tag !== 'UNA' && out.push({ tag: s.tag, elements: s.elements.map((e) => e[0]) })) });
  return out;
}

/** Files the oracle itself cannot read; each for a reason our parser handles. */
const ORACLE_REJECTS: Record<string, string> = {
  'edifact/CONTRL/jacobemcken_nordea_contrl.edi': 'last segment has no terminator ("incomplete message")',
  'edifact/INVOIC/staedi_invoic_d97b_una.edi': 'UNA with "=" as component separator',
  'edifact/INVOIC/derived_two_interchanges_custom_una.edi': 'UNA with "=" as component separator',
  'edifact/INVOIC/derived_truncated_invoice1.edi': 'cut off inside a segment',
  'edifact/other/edinet_edifact.01_QUOTES.edi': 'tabs before segment tags',
  'edifact/DESADV/handwritten_desadv_d01b.edi': 'syntax 4 repetition separator in UNA',
};

describe('the edifact package as oracle', () => {
  const files = corpus.filter((e) => e.standard === 'edifact').map((e) => e.file);

  it('rejects exactly the files listed, and we read those anyway', () => {
    const rejected = files.filter((f) => {
      try {
        oracle(fixtureText(f));
        return false;
      } catch {
        return true;
      }
    });
    expect(rejected.sort()).toEqual(Object.keys(ORACLE_REJECTS).sort());
    for (const f of rejected) expect(parseEdifact(fixtureText(f)).interchanges.length).toBeGreaterThan(0);
  });

  it.each(files.filter((f) => !(f in ORACLE_REJECTS)).map((f) => [f]))('%s: segment tags and element values agree', (file) => {
    const text = fixtureText(file);
    expect(ours(text)).toEqual(oracle(text));
  });
});
