import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIELDS } from '../../../../sandbox/planning/contracts/fields';
import { DATASET_NAMES } from '../../../../sandbox/planning/contracts/types';
import { batchChecksum, generateSampleDataset, startPlanningSandbox, type PlanningSandbox } from '../../../../sandbox/planning/index';
import { call } from './http-helpers';

const doc = JSON.parse(readFileSync(join(__dirname, '../../../../docs/planning-exchange.openapi.json'), 'utf8'));
const RECORD_SCHEMA: Record<string, string> = {
  item: 'Item',
  item_supplier: 'ItemSupplier',
  location: 'Location',
  stock_snapshot: 'StockSnapshot',
  demand_history: 'DemandHistory',
  open_sales_order: 'OpenSalesOrder',
  open_purchase_order: 'OpenPurchaseOrder',
};

describe('openapi.json', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://planbridge.invalid/planning-openapi', components: doc.components });
  const check = (name: string, value: unknown): void => {
    const validate = ajv.getSchema(`https://planbridge.invalid/planning-openapi#/components/schemas/${name}`)!;
    expect([name, validate(value) ? [] : validate.errors]).toEqual([name, []]);
  };

  it('describes exactly the routes the server implements', async () => {
    const sandbox = await startPlanningSandbox({ token: 't' });
    await sandbox.stop();
    const implemented = sandbox.control
      .routes()
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const documented = Object.entries(doc.paths as Record<string, object>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(implemented);
  });

  it('lists the same record fields as the validator', () => {
    for (const name of DATASET_NAMES) {
      const schema = doc.components.schemas[RECORD_SCHEMA[name]];
      expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(FIELDS[name]).sort());
      expect([...schema.required].sort()).toEqual(
        Object.entries(FIELDS[name])
          .filter(([, s]) => s.required)
          .map(([f]) => f)
          .sort(),
      );
    }
  });

  it('accepts the sample dataset records', () => {
    const data = generateSampleDataset({ items: 10 });
    for (const name of DATASET_NAMES) for (const rec of data[name].slice(0, 200)) check(RECORD_SCHEMA[name], rec);
  });

  describe('matches real answers', () => {
    let sandbox: PlanningSandbox;
    beforeAll(async () => {
      sandbox = await startPlanningSandbox({ token: 't', seed: 3, sample: { items: 20 }, clients: [{ client_id: 'c', client_secret: 's' }] });
    });
    afterAll(() => sandbox.stop());

    it('for plans, pages, datasets, feedback, tokens and errors', async () => {
      const plan = await call(sandbox, 'POST', '/api/v1/plans', { as_of: '2026-11-26' });
      check('PlanCreated', plan.body);
      check('PlanSummary', (await call(sandbox, 'GET', '/api/v1/plans/latest')).body);
      const recs = await call(sandbox, 'GET', '/api/v1/recommendations?limit=1000');
      check('RecommendationPage', recs.body);
      check('ForecastPage', (await call(sandbox, 'GET', '/api/v1/forecasts?limit=1000')).body);
      check('StockPolicyPage', (await call(sandbox, 'GET', '/api/v1/stock-policies?limit=1000')).body);
      for (const item of (await call(sandbox, 'GET', '/api/v1/datasets')).body.items) check('DatasetStatus', item);

      const page = [generateSampleDataset({ items: 1 }).item[0]];
      check('PageAck', (await call(sandbox, 'POST', '/api/v1/datasets/item/batches/X/pages/1', page)).body);
      const manifest = {
        batch_id: 'X',
        dataset: 'item',
        pages: 1,
        row_count: 1,
        checksum: batchChecksum([page]),
        as_of: '2026-11-26T00:00:00Z',
        interface_version: '1',
      };
      const mismatch = await call(sandbox, 'POST', '/api/v1/datasets/item/batches/X/manifest', { ...manifest, row_count: 2 });
      check('ManifestMismatch', mismatch.body);
      check('ManifestAck', (await call(sandbox, 'POST', '/api/v1/datasets/item/batches/X/manifest', manifest)).body);
      check('BatchStatus', (await call(sandbox, 'GET', '/api/v1/datasets/item/batches/X')).body);

      const rec = recs.body.items[0];
      const ack = await call(sandbox, 'POST', `/api/v1/recommendations/${rec.recommendation_id}/feedback`, {
        plan_version: 1,
        status: 'accepted',
        at: '2026-11-26T08:00:00Z',
      });
      check('FeedbackAck', ack.body);
      check('FeedbackPage', (await call(sandbox, 'GET', '/api/v1/feedback')).body);
      check('Error', (await call(sandbox, 'GET', '/api/v1/datasets', undefined, {})).body);
      const token = await fetch(`${sandbox.url}/oauth/token`, {
        method: 'POST',
        body: 'grant_type=client_credentials&client_id=c&client_secret=s',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      check('TokenResponse', await token.json());
      check('Calls', (await call(sandbox, 'GET', '/_sandbox/calls', undefined, {})).body);
    });
  });
});
