/**
 * The only file that talks to node-x12, so the library can be swapped or vendored later
 * (it has been in maintenance mode since 2021). We use it for two things:
 * - a second opinion on each received interchange: its strict parser throws a ParserError on
 *   ISA length, IEA/GE/SE counts and control numbers; we turn that into a problem instead;
 * - generation: X12Generator pads the ISA and computes SE01, GE01 and IEA01.
 */
import { JSEDINotation, X12Generator, X12Parser } from 'node-x12';
import { problem, type EdiProblem, type RuleId } from '../problems';

const MESSAGE_RULES: [RegExp, RuleId][] = [
  [/ISA segment is not the correct length/, 'X12_ISA_LENGTH'],
  [/IEA01/, 'X12_IEA_COUNT'],
  [/IEA02/, 'X12_ISA13_MISMATCH'],
  [/GE01/, 'X12_GE_COUNT'],
  [/GE02/, 'X12_GE_REFERENCE'],
  [/SE01/, 'X12_SE_COUNT'],
  [/SE02/, 'X12_SE_REFERENCE'],
];

/**
 * Runs node-x12's strict parser on one interchange (ISA..IEA) and returns what it found that our
 * own checks (`known`) did not: strict mode stops at the first error, so at most one problem.
 */
export function crossCheckWithNodeX12(interchangeText: string, isaPosition: number, known: readonly EdiProblem[]): EdiProblem[] {
  try {
    new X12Parser(true).parse(interchangeText);
    return [];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const rule = MESSAGE_RULES.find(([re]) => re.test(message))?.[1] ?? 'X12_NODE_X12';
    if (known.some((p) => p.rule === rule)) return [];
    // A crash (TypeError) on input our checks already flagged adds nothing useful.
    if (rule === 'X12_NODE_X12' && known.some((p) => p.severity === 'error')) return [];
    return [problem(rule, isaPosition, 'ISA', `node-x12: ${message}`)];
  }
}

export interface GeneratorInput {
  isa: string[];
  groups: { gs: string[]; sets: { st: string[]; segments: { tag: string; elements: string[] }[] }[] }[];
  element: string;
  component: string;
  segment: string;
  repetition: string;
  /** Line break after every segment (readable files; partners differ on whether they accept it). */
  lineBreaks: boolean;
}

export interface GeneratorOutput {
  text: string;
  problems: EdiProblem[];
}

/** Serialises with node-x12; its GeneratorError/ParserError come back as a BUILD_GENERATOR problem. */
export function generateWithNodeX12(input: GeneratorInput): GeneratorOutput {
  const options = {
    elementDelimiter: input.element,
    subElementDelimiter: input.component,
    segmentTerminator: input.segment,
    repetitionDelimiter: input.repetition,
    endOfLine: '\n',
    format: input.lineBreaks,
  };
  try {
    const jsen = new JSEDINotation([...input.isa], options);
    for (const g of input.groups) {
      const group = jsen.addFunctionalGroup([...g.gs]);
      for (const s of g.sets) {
        const tx = group.addTransaction([...s.st]);
        for (const segment of s.segments) tx.addSegment(segment.tag, [...segment.elements]);
      }
    }
    let text = new X12Generator(jsen, options).toString();
    if (input.lineBreaks && !text.endsWith('\n')) text += '\n';
    return { text, problems: [] };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { text: '', problems: [problem('BUILD_GENERATOR', 0, '', `node-x12: ${message}`)] };
  }
}
