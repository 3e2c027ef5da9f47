import fc from 'fast-check';
import { contractSchemas, type ContractRef } from '../../../nodes/canonical/contracts';
import { ContractError, ContractRegistry, contracts, parseContractRef } from '../../../nodes/canonical/registry';

const ARCHITECTURE_CONTRACTS = [
  'item',
  'item_supplier',
  'location',
  'stock_snapshot',
  'demand_history',
  'open_sales_order',
  'open_purchase_order',
  'replenishment_recommendation',
  'approval_decision',
  'forecast',
  'stock_policy',
  'alert',
  'asn',
  'po_acknowledgment',
  'invoice',
];

function refused(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ContractError);
    return err as ContractError;
  }
  throw new Error('not refused');
}

describe('contract registry', () => {
  it('holds version 1 of every contract the architecture lists', () => {
    expect(contracts().refs().sort()).toEqual(ARCHITECTURE_CONTRACTS.map((n) => `${n}@1`).sort());
  });

  it.each(Object.keys(contractSchemas) as ContractRef[])('accepts the documented example of %s', (ref) => {
    const contract = contracts().get(ref);
    const [example] = contractSchemas[ref].examples;
    expect(contract.check(example)).toEqual([]);
    expect(contract.dataschema).toBe(`urn:planbridge:${ref}`);
  });

  it('finds a contract by its URN as well', () => {
    expect(contracts().get('urn:planbridge:stock_snapshot@1').ref).toBe('stock_snapshot@1');
  });

  it('compiles each schema once and shares it', () => {
    const registry = new ContractRegistry();
    expect(registry.get('item@1')).toBe(registry.get('urn:planbridge:item@1'));
  });

  it('refuses an unknown contract, an unknown version, a missing version and nothing at all', () => {
    expect(refused(() => contracts().get('stock_level@1')).code).toBe('CONTRACT_UNKNOWN');
    const version = refused(() => contracts().get('stock_snapshot@2'));
    expect(version.code).toBe('CONTRACT_VERSION_UNKNOWN');
    expect(version.message).toContain('stock_snapshot@1');
    expect(refused(() => contracts().get('stock_snapshot')).code).toBe('CONTRACT_REF_INVALID');
    expect(refused(() => contracts().get(undefined)).code).toBe('CONTRACT_MISSING');
    expect(refused(() => contracts().get('')).code).toBe('CONTRACT_MISSING');
  });

  it('reports schema problems with a JSON Pointer, the keyword and a readable message', () => {
    const problems = contracts()
      .get('asn@1')
      .check({
        asn_id: 'A1',
        supplier: 'S',
        shipped_at: '2026-11-24T09:00:00+02:00',
        expected_at: 'tomorrow',
        lines: [{ sku: 'X', quantity: 'ten', uom: 'EA', colour: 'red' }],
      });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '/shipped_at', rule: 'pattern', message: 'must be a UTC timestamp (ending in Z or +00:00)' },
        expect.objectContaining({ path: '/expected_at', rule: 'format' }),
        expect.objectContaining({ path: '/lines/0/quantity', rule: 'type' }),
        { path: '/lines/0/colour', rule: 'additionalProperties', message: 'is not a field of this contract' },
      ]),
    );
  });

  it('enforces conditional fields: a purchase needs a supplier, a transfer a source location', () => {
    const recommendation = { ...contractSchemas['replenishment_recommendation@1'].examples[0] };
    const contract = contracts().get('replenishment_recommendation@1');
    expect(contract.check({ ...recommendation, supplier: null })).toEqual([expect.objectContaining({ path: '/supplier', rule: 'type' })]);
    expect(contract.check({ ...recommendation, type: 'transfer' })).toEqual([expect.objectContaining({ path: '/source_location', rule: 'type' })]);
    expect(contract.check({ ...recommendation, type: 'transfer', source_location: 'WH-HAM' })).toEqual([]);
  });
});

describe('parseContractRef', () => {
  it('reads every well-formed reference back to the same name and version', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9_]{0,30}$/), fc.nat({ max: 10_000 }), fc.boolean(), (name, version, urn) => {
        const ref = `${urn ? 'urn:planbridge:' : ''}${name}@${version}`;
        expect(parseContractRef(ref)).toEqual({ name, version, ref: `${name}@${version}` });
      }),
    );
  });

  it('refuses any text that is not <name>@<version>, with a ContractError and never a crash', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const wellFormed = /^(?:urn:planbridge:)?[a-z][a-z0-9_]*@[0-9]+$/.test(text.trim());
        if (wellFormed) return;
        expect(() => parseContractRef(text)).toThrow(ContractError);
      }),
    );
  });
});

describe('docs/contracts.md', () => {
  it('is what the schemas generate (run `npm run docs:contracts` after changing a schema)', async () => {
    const { promises: fs } = await import('node:fs');
    const path = await import('node:path');
    const { renderContractsDoc } = await import('../../../nodes/canonical/contracts-doc');
    const onDisk = await fs.readFile(path.join(__dirname, '..', '..', '..', 'docs', 'contracts.md'), 'utf8');
    expect(onDisk).toBe(renderContractsDoc());
  });
});

describe('contracts of node packs', () => {
  const schema = (extra: object = {}) => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:planbridge:pack_thing@1',
    title: 'Pack thing',
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    properties: { id: { type: 'string' }, ...extra },
  });

  it("are registered once, checked like planbridge's own, and listed; a version is never changed", () => {
    const registry = new ContractRegistry();
    const contract = registry.register(schema());
    expect(contract.ref).toBe('pack_thing@1');
    expect(registry.refs()).toContain('pack_thing@1');
    expect(registry.get('urn:planbridge:pack_thing@1').check({ id: 'a' })).toEqual([]);
    expect(
      registry
        .get('pack_thing@1')
        .check({ id: 1 })
        .map((p) => p.rule),
    ).toEqual(['type']);
    // The same schema again (a redeploy) is fine; another one under the same version is refused.
    expect(registry.register(schema()).ref).toBe('pack_thing@1');
    expect(() => registry.register(schema({ more: { type: 'number' } }))).toThrow(/add a version instead of changing one/);
    expect(() => registry.register({ ...schema(), $id: 'urn:planbridge:item@1' })).toThrow(/add a version/);
    expect(() => registry.register({ ...schema(), $id: 'thing@1' })).toThrow(expect.objectContaining({ code: 'CONTRACT_REF_INVALID' }));
  });
});
