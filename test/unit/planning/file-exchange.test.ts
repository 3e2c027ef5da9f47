import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileExchange } from '../../../nodes/planning/client/file-exchange';
import { LocalFileStore } from '../../../nodes/lib/files/file-store';
import { DATASETS, GENERIC } from '../../../nodes/planning/map/presets';

describe('FileExchange outbound', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-exchange-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('delivers each dataset once and one control file when the last pages of every dataset arrive together', async () => {
    const outbox = path.join(root, 'out');
    const exchange = new FileExchange({
      store: new LocalFileStore(),
      layout: GENERIC,
      outbox,
      inbox: path.join(root, 'in'),
      staging: path.join(root, 'staging'),
    });
    const pages = DATASETS.flatMap((dataset) =>
      [1, 2, 3].map((seq) => ({
        dataset,
        batchId: 'B-1',
        seq,
        last: seq === 3,
        records: Array.from({ length: seq }, () => ({})),
        asOf: '2026-11-26T00:00:00Z',
      })),
    );
    // All at once, last pages first: the pacer lets several pages of one run overlap.
    const deliveries = await Promise.all(pages.reverse().map((page) => exchange.stagePage(page)));

    const complete = deliveries.filter((d) => d.complete);
    expect(complete).toHaveLength(1);
    expect(complete[0].rows).toBe(DATASETS.length * 6);
    const written = (await fs.readdir(outbox)).sort();
    expect(written.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(written).toEqual([...complete[0].files].sort());
    expect(written).toHaveLength(DATASETS.length + 1);
    await expect(fs.readdir(path.join(root, 'staging'))).resolves.toEqual([]);
    // A close asked for afterwards finds nothing left to deliver.
    await expect(exchange.closeDelivery('B-1')).resolves.toEqual({ complete: false, files: [], rows: 0 });
  });
});
