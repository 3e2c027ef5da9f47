import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalFileStore } from '../../../../nodes/lib/files/file-store';

describe('LocalFileStore.writeAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-file-store-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  // Two acknowledgments of one duplicated interchange carry the same file name and are written at once.
  it('lets writes of one file at the same time all succeed, leaving one whole file and no temporary one', async () => {
    const store = new LocalFileStore();
    const file = path.join(dir, 'out', 'PARTNER_000000042.x12');
    const texts = Array.from({ length: 20 }, (_, i) => `ISA*${i}*${'x'.repeat(50_000)}~`);
    const results = await Promise.allSettled(texts.map((text) => store.writeAtomic(file, text)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(texts).toContain(await fs.readFile(file, 'utf8'));
    expect(await fs.readdir(path.dirname(file))).toEqual(['PARTNER_000000042.x12']);
  });
});
