/**
 * Public API of the EDI codec: pure TypeScript, no Node-RED. Parse (X12 via node-x12, EDIFACT via
 * our ISO 9735 layer) into one segment tree, map sets to canonical records and back, build
 * interchanges and acknowledgments, and summarise a file for the CLI.
 */
export * from './tree';
export { RULES, problem, hasErrors, type EdiProblem, type RuleId, type Severity } from './problems';
export { detectStandard } from './detect';
export { parseEdi, type AnyParseResult } from './parse';
export {
  parseX12,
  parseX12Stream,
  X12StreamParser,
  type X12StreamOptions,
  serializeX12,
  DEFAULT_X12_DELIMITERS,
  type X12ParseOptions,
  type X12InterchangeSpec,
  type X12GroupSpec,
  type X12SetSpec,
  type X12Delimiters,
  type BuildResult,
} from './x12';
export {
  parseEdifact,
  parseEdifactStream,
  EdifactStreamParser,
  serializeEdifact,
  escapeEdifact,
  DEFAULT_EDIFACT_DELIMITERS,
  type EdifactParseOptions,
  type StreamOptions,
  type EdifactInterchangeSpec,
  type EdifactGroupSpec,
  type EdifactMessageSpec,
  type Retain,
  type MessageContext,
} from './edifact';
export * from './documents';
export { summarize, summarizeStream, type EdiSummary, type InterchangeSummary, type SetSummary } from './summary';
export { parseLargeInterchangeFromChunks, parseLargeX12FromChunks, syntheticEdifactChunks, syntheticX12Chunks, type ChunkParseStats } from './bench';
