import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { PlanbridgeError } from '../lib/errors';
import { contractSchemas, type ContractRef } from './contracts';
import { UTC_SUFFIX } from './fields';

export const CONTRACT_URN_PREFIX = 'urn:planbridge:';

export class ContractError extends PlanbridgeError {
  constructor(code: 'CONTRACT_REF_INVALID' | 'CONTRACT_UNKNOWN' | 'CONTRACT_VERSION_UNKNOWN' | 'CONTRACT_MISSING', message: string, ref?: string) {
    super(code, message, { details: { ref } });
  }
}

/** One finding about one record: a JSON Pointer into the record, the rule broken and a readable text. */
export interface Problem {
  path: string;
  rule: string;
  message: string;
}

export interface ParsedRef {
  name: string;
  version: number;
  ref: string;
}

type JsonSchema = { [key: string]: unknown };

export interface Contract {
  /** `<name>@<version>`: one of planbridge's contracts (ContractRef) or one a node pack registered. */
  readonly ref: ContractRef | string;
  readonly name: string;
  readonly version: number;
  readonly schema: JsonSchema;
  /** The URI for msg.event.dataschema. */
  readonly dataschema: string;
  /** Schema check only: the problems, or NO_PROBLEMS (shared, empty) when the record conforms. */
  check(record: unknown): readonly Problem[];
}

export const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

const REF_PATTERN = /^(?:urn:planbridge:)?([a-z][a-z0-9_]*)@([0-9]+)$/;

/**
 * Reads `stock_snapshot@1` or `urn:planbridge:stock_snapshot@1`. A reference without a version is
 * refused: picking "the latest" would silently change meaning when a version is added.
 */
export function parseContractRef(ref: unknown): ParsedRef {
  if (typeof ref !== 'string' || ref.trim() === '') {
    throw new ContractError('CONTRACT_MISSING', "No contract named: set the node's contract or msg.event.dataschema");
  }
  const match = REF_PATTERN.exec(ref.trim());
  if (!match) {
    throw new ContractError('CONTRACT_REF_INVALID', `"${ref}" is not a contract reference; expected <name>@<version>, e.g. stock_snapshot@1`, ref);
  }
  const name = match[1];
  const version = Number(match[2]);
  return { name, version, ref: `${name}@${version}` };
}

function describe(error: ErrorObject): Problem {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath;
  let message = error.message ?? 'is invalid';
  switch (error.keyword) {
    case 'required':
      path = `${path}/${String(params.missingProperty)}`;
      message = 'is required but missing';
      break;
    case 'additionalProperties':
      path = `${path}/${String(params.additionalProperty)}`;
      message = 'is not a field of this contract';
      break;
    case 'enum':
      message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'pattern':
      if (params.pattern === UTC_SUFFIX) message = 'must be a UTC timestamp (ending in Z or +00:00)';
      break;
    default:
      break;
  }
  return { path, rule: error.keyword, message };
}

function toProblems(errors: ErrorObject[] | null | undefined): Problem[] {
  if (!errors) return [];
  // `if` only says a `then` branch failed; that branch's own error is reported too.
  return errors.filter((e) => e.keyword !== 'if').map(describe);
}

function compiledContract(ref: string, parsed: ParsedRef, schema: JsonSchema, validate: ValidateFunction): Contract {
  return {
    ref,
    name: parsed.name,
    version: parsed.version,
    schema,
    dataschema: `${CONTRACT_URN_PREFIX}${ref}`,
    check: (record) => (validate(record) ? NO_PROBLEMS : toProblems(validate.errors)),
  };
}

/**
 * All contract schemas in one ajv instance (draft 2020-12, formats on). Each schema compiles the
 * first time it is asked for and is cached, so a deployed node pays for compilation once.
 */
export class ContractRegistry {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, Contract>();
  /** Contracts node packs registered, by `<name>@<version>`. */
  private readonly added = new Map<string, JsonSchema>();

  constructor() {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(this.ajv);
    this.ajv.addKeyword({ keyword: 'x-unit', schemaType: 'string' });
    for (const schema of Object.values(contractSchemas)) this.ajv.addSchema(schema);
  }

  /** Every known reference, e.g. for an editor drop-down. */
  refs(): string[] {
    return [...Object.keys(contractSchemas), ...this.added.keys()];
  }

  /**
   * Adds a node pack's contract: a JSON Schema (draft 2020-12) whose $id is `urn:planbridge:<name>@<version>`
   * and with a title. A version is never changed: registering another schema under a known reference is
   * refused; registering the same one again (a redeploy) is fine.
   */
  register(schema: JsonSchema): Contract {
    const id = typeof schema.$id === 'string' ? schema.$id : '';
    if (!id.startsWith(CONTRACT_URN_PREFIX))
      throw new ContractError('CONTRACT_REF_INVALID', `A contract's $id must be ${CONTRACT_URN_PREFIX}<name>@<version>, got "${id}"`);
    const parsed = parseContractRef(id);
    const known = this.added.get(parsed.ref) ?? (contractSchemas as Record<string, unknown>)[parsed.ref];
    if (known) {
      if (JSON.stringify(known) !== JSON.stringify(schema)) {
        throw new ContractError('CONTRACT_REF_INVALID', `Contract ${parsed.ref} exists with another schema: add a version instead of changing one`, parsed.ref);
      }
      return this.get(parsed.ref);
    }
    if (typeof schema.title !== 'string' || !schema.title) throw new ContractError('CONTRACT_REF_INVALID', `Contract ${parsed.ref} needs a title`, parsed.ref);
    this.ajv.addSchema(schema);
    this.added.set(parsed.ref, schema);
    return this.get(parsed.ref);
  }

  /** The contract for a reference; refuses unknown names and versions with a ContractError. */
  get(reference: unknown): Contract {
    const parsed = parseContractRef(reference);
    const cached = this.compiled.get(parsed.ref);
    if (cached) return cached;
    const schema = ((contractSchemas as Record<string, unknown>)[parsed.ref] ?? this.added.get(parsed.ref)) as JsonSchema | undefined;
    if (!schema) {
      const versions = this.refs().filter((r) => r.startsWith(`${parsed.name}@`));
      if (versions.length === 0) {
        throw new ContractError('CONTRACT_UNKNOWN', `No contract is named "${parsed.name}"`, parsed.ref);
      }
      throw new ContractError(
        'CONTRACT_VERSION_UNKNOWN',
        `Contract ${parsed.name} has no version ${parsed.version} (known: ${versions.join(', ')})`,
        parsed.ref,
      );
    }
    const validate = this.ajv.getSchema(String(schema.$id));
    if (!validate) throw new ContractError('CONTRACT_UNKNOWN', `Contract ${parsed.ref} is not registered`, parsed.ref);
    const contract = compiledContract(parsed.ref, parsed, schema, validate);
    this.compiled.set(parsed.ref, contract);
    return contract;
  }
}

let shared: ContractRegistry | undefined;

/** The process-wide registry, so every node shares one set of compiled validators. */
export function contracts(): ContractRegistry {
  shared ??= new ContractRegistry();
  return shared;
}

/** Adds a node pack's contract to the shared registry (see ContractRegistry.register). */
export function registerContract(schema: { [key: string]: unknown }): Contract {
  return contracts().register(schema);
}
