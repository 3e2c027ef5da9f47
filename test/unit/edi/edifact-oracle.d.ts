// Minimal types for the dev-only `edifact` package (tdecaluwe/node-edifact, no bundled types),
// used as a test oracle for the EDIFACT tokenizer. Only the members the oracle test calls.
declare module 'edifact/parser.js' {
  import { EventEmitter } from 'node:events';
  class Parser extends EventEmitter {
    constructor(validator?: unknown);
    encoding(charset: string): void;
    write(chunk: string): void;
    end(): void;
  }
  export = Parser;
}

declare module 'edifact/validator.js' {
  class Validator {
    disable(): void;
  }
  export = Validator;
}
