export { parseX12, type X12ParseOptions } from './parse';
export { parseX12Stream, X12StreamParser, type X12StreamOptions } from './stream';
export {
  serializeX12,
  DEFAULT_X12_DELIMITERS,
  type BuildResult,
  type X12Delimiters,
  type X12GroupSpec,
  type X12InterchangeSpec,
  type X12SetSpec,
} from './serialize';
export { readIsa, ISA_LENGTH, ISA_WIDTHS } from './isa';
