export { parseEdifact, parseEdifactStream, EdifactStreamParser, type EdifactParseOptions, type StreamOptions } from './parse';
export { serializeEdifact, escapeEdifact, type EdifactInterchangeSpec, type EdifactGroupSpec, type EdifactMessageSpec } from './serialize';
export { DEFAULT_EDIFACT_DELIMITERS, delimitersFromUna, unaString } from './una';
export type { Retain, MessageContext } from './envelope';
