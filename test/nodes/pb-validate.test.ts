import { contractSchemas } from '../../nodes/canonical/contracts';
import pbValidate from '../../nodes/integration/pb-validate';
import { nextCall, nextMessage, node, useNodeRed } from '../helpers/node-red';

const helper = useNodeRed();

interface SpiedNode {
  listenerCount(event: string): number;
  status: { lastCall: { args: unknown[] } };
  error: { lastCall: { args: unknown[] } };
}
const good = { ...contractSchemas['stock_snapshot@1'].examples[0], as_of: new Date().toISOString() };

function flow(fields: Record<string, unknown> = {}) {
  return [
    { id: 'v', type: 'pb-validate', contract: 'stock_snapshot@1', wires: [['valid'], ['invalid']], ...fields },
    { id: 'valid', type: 'helper' },
    { id: 'invalid', type: 'helper' },
  ];
}

describe('pb-validate', () => {
  it('splits a page: valid records on output 1, rejections with problems on output 2', async () => {
    await helper.load(pbValidate, flow());
    const valid = nextMessage('valid');
    const invalid = nextMessage('invalid');
    const page = [good, { ...good, sku: 'NEG', on_hand: -3 }, { ...good, sku: 'B2' }, { ...good, uom: 'BOGUS' }];
    node('v').receive({ payload: page, batch: { id: 'b1', seq: 3, last: false, count: 4 }, topic: 'kept' });
    const [passed, failed] = await Promise.all([valid, invalid]);

    expect(passed.payload).toEqual([good, { ...good, sku: 'B2' }]);
    expect(passed.topic).toBe('kept');
    expect(passed.batch).toEqual({ id: 'b1', seq: 3, last: false, count: 2 });
    expect(passed.event).toEqual({ dataschema: 'urn:planbridge:stock_snapshot@1' });
    expect(passed.validation).toEqual({
      contract: 'stock_snapshot@1',
      total: 4,
      valid: 2,
      invalid: 2,
      rejected: [
        { index: 1, problems: [{ path: '/on_hand', rule: 'quantity-non-negative', message: 'quantity -3 is negative' }] },
        { index: 3, problems: [{ path: '/uom', rule: 'uom-known', message: 'unit of measure "BOGUS" is not a known unit' }] },
      ],
    });

    expect(failed.payload).toEqual([
      { index: 1, record: page[1], problems: [{ path: '/on_hand', rule: 'quantity-non-negative', message: 'quantity -3 is negative' }] },
      { index: 3, record: page[3], problems: [{ path: '/uom', rule: 'uom-known', message: 'unit of measure "BOGUS" is not a known unit' }] },
    ]);
    expect(failed.batch).toEqual({ id: 'b1', seq: 3, last: false, count: 2 });
    expect(failed._msgid).toBe(passed._msgid);
  });

  it('sends a page whose records all fail on both outputs, so the batch still ends', async () => {
    await helper.load(pbValidate, flow());
    const valid = nextMessage('valid');
    const invalid = nextMessage('invalid');
    node('v').receive({ payload: [{ sku: 'x' }], batch: { id: 'b', seq: 1, last: true, count: 1 } });
    const [passed, failed] = await Promise.all([valid, invalid]);
    expect(passed.payload).toEqual([]);
    expect(passed.batch).toEqual({ id: 'b', seq: 1, last: true, count: 0 });
    expect((failed.payload as unknown[]).length).toBe(1);
  });

  it('sends a single valid record on output 1 unchanged', async () => {
    await helper.load(pbValidate, flow());
    const valid = nextMessage('valid');
    node('v').receive({ payload: good });
    const msg = await valid;
    expect(msg.payload).toEqual(good);
    expect(msg.validation).toEqual({ contract: 'stock_snapshot@1', total: 1, valid: 1, invalid: 0 });
  });

  it('sends a single invalid record only on output 2', async () => {
    await helper.load(pbValidate, flow());
    let leaked = false;
    node('valid').on('input', () => {
      leaked = true;
    });
    const invalid = nextMessage('invalid');
    node('v').receive({ payload: { ...good, reserved: 'lots' } });
    const msg = await invalid;
    expect(msg.payload).toEqual([
      { index: 0, record: { ...good, reserved: 'lots' }, problems: [expect.objectContaining({ path: '/reserved', rule: 'type' })] },
    ]);
    expect(leaked).toBe(false);
  });

  it('takes the contract from msg.event.dataschema when the node names none', async () => {
    await helper.load(pbValidate, flow({ contract: '' }));
    const invalid = nextMessage('invalid');
    node('v').receive({ payload: [{ sku: 'X' }], event: { dataschema: 'urn:planbridge:item@1' } });
    const msg = await invalid;
    expect(msg.validation).toMatchObject({ contract: 'item@1', invalid: 1 });
  });

  it('keeps its own contract over a different one in the message and warns once', async () => {
    await helper.load(pbValidate, flow());
    const warned = nextCall('v', 'warn');
    const valid = nextMessage('valid');
    node('v').receive({ payload: [good], event: { dataschema: 'item@1' } });
    expect((await valid).validation).toMatchObject({ contract: 'stock_snapshot@1', valid: 1 });
    expect(String((await warned)[0])).toContain('"contract"');
  });

  it.each([
    ['stock_level@1', 'CONTRACT_UNKNOWN'],
    ['stock_snapshot@9', 'CONTRACT_VERSION_UNKNOWN'],
    ['stock_snapshot', 'CONTRACT_REF_INVALID'],
    [undefined, 'CONTRACT_MISSING'],
  ])('refuses a message naming %s with %s for Catch nodes', async (dataschema, code) => {
    await helper.load(pbValidate, flow({ contract: '' }));
    const reported = nextCall('v', 'error');
    node('v').receive({ payload: [good], event: dataschema ? { dataschema } : {} });
    const [error, msg] = await reported;
    expect((error as { code: string }).code).toBe(code);
    expect((msg as { payload: unknown }).payload).toEqual([good]);
  });

  it('counts every problem in planbridge_validation_problems_total by contract and rule', async () => {
    // As Prometheus reads them, from the runtime's /metrics (the admin API).
    const scrape = async (): Promise<string> => (await helper.request().get('/metrics').expect(200)).text;
    const problems = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        [...(await scrape()).matchAll(/^planbridge_validation_problems_total\{contract="([^"]+)",rule="([^"]+)"\} (\d+)$/gm)].map((m) => [
          `${m[1]} ${m[2]}`,
          Number(m[3]),
        ]),
      );
    await helper.load(pbValidate, flow());
    const before = await problems();
    const invalid = nextMessage('invalid');
    node('v').receive({ payload: [good, { ...good, on_hand: -1, uom: 'BOGUS' }, { ...good, sku: 'B', on_hand: -2 }] });
    await invalid;
    const after = await problems();
    const rise = (key: string): number => (after[key] ?? 0) - (before[key] ?? 0);
    expect(rise('stock_snapshot@1 quantity-non-negative')).toBe(2);
    expect(rise('stock_snapshot@1 uom-known')).toBe(1);
    expect(await scrape()).toContain('planbridge_validation_problems_total{contract="stock_snapshot@1",rule="uom-known"}');
  });

  it('shows the running counts in its status', async () => {
    await helper.load(pbValidate, flow());
    const status = nextCall('v', 'status');
    node('v').receive({ payload: [good, { sku: 'bad' }, good] });
    expect((await status)[0]).toEqual({ fill: 'green', shape: 'dot', text: '2 valid, 1 invalid' });
  });

  it('refuses an unknown contract at deploy: red status, an error, and no input handling', async () => {
    await helper.load(pbValidate, flow({ contract: 'nothing@1' }));
    // The helper wraps status and error in sinon spies.
    const v = node<SpiedNode>('v');
    expect(v.listenerCount('input')).toBe(0);
    expect(v.status.lastCall.args[0]).toEqual({ fill: 'red', shape: 'ring', text: 'CONTRACT_UNKNOWN' });
    expect(String(v.error.lastCall.args[0])).toContain('nothing');
  });

  it('refuses a date window that is not a number of days at deploy', async () => {
    await helper.load(pbValidate, flow({ maxPastDays: 'ten' }));
    expect(node('v').listenerCount('input')).toBe(0);
  });

  it('applies the rule switches and the unit list from the editor', async () => {
    await helper.load(pbValidate, flow({ uomKnown: true, knownUnits: 'STK, KRT', quantityNonNegative: false }));
    const valid = nextMessage('valid');
    node('v').receive({ payload: [{ ...good, uom: 'STK', on_hand: -1 }] });
    expect((await valid).validation).toMatchObject({ valid: 1, invalid: 0 });
  });

  it('serves the contract list to the editor', async () => {
    await helper.load(pbValidate, flow());
    const response = await helper.request().get('/planbridge/contracts').expect(200);
    expect(response.body.contracts).toHaveLength(15);
    expect(response.body.contracts[0]).toEqual({ ref: 'item@1', title: 'item', description: expect.any(String) });
    expect(response.body.units).toContain('EA');
  });
});
