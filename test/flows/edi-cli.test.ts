import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticX12Chunks } from '../../nodes/edi/codec';
import { runCli } from '../helpers/runtime-process';

const fixtures = path.join(__dirname, '..', 'fixtures', 'edi');

interface CorpusEntry {
  file: string;
  standard: string;
  valid: boolean;
  interchanges: number;
}

describe('npx planbridge edi', () => {
  let corpus: CorpusEntry[];
  beforeAll(async () => {
    corpus = JSON.parse(await fs.readFile(path.join(fixtures, 'corpus.json'), 'utf8')) as CorpusEntry[];
  });

  it('prints one JSON object and exits 0 for a valid file', async () => {
    const valid = corpus.find((c) => c.valid && c.standard === 'edifact') as CorpusEntry;
    const { code, output } = await runCli(['edi', 'parse', path.join(fixtures, valid.file), '--json'], {});
    expect(code).toBe(0);
    const summary = JSON.parse(output) as { standard: string; valid: boolean; interchanges: Array<{ sender: object; delimiters: object; sets: unknown[] }> };
    expect(summary).toMatchObject({ standard: 'edifact', valid: true });
    expect(summary.interchanges).toHaveLength(valid.interchanges);
    expect(summary.interchanges[0]).toEqual(expect.objectContaining({ sender: expect.any(Object), delimiters: expect.any(Object), sets: expect.any(Array) }));
  });

  it('exits 1 with the problems for a broken file', async () => {
    const broken = corpus.find((c) => !c.valid && c.standard === 'x12') as CorpusEntry;
    const { code, output } = await runCli(['edi', 'parse', path.join(fixtures, broken.file), '--json'], {});
    expect(code).toBe(1);
    const summary = JSON.parse(output) as { valid: boolean; problems: Array<{ rule: string; segmentPosition: number }> };
    expect(summary.valid).toBe(false);
    expect(summary.problems[0]).toEqual(expect.objectContaining({ rule: expect.any(String), segmentPosition: expect.any(Number) }));
  });

  it('checks a file too large to hold whole set by set, with the same verdict and sets, and finds a broken count in it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-edi-cli-'));
    try {
      const large = path.join(dir, 'large-846.x12');
      const sets = 5000;
      await fs.writeFile(large, [...syntheticX12Chunks(sets, 50)].join(''));
      expect((await fs.stat(large)).size).toBeGreaterThan(8 * 1024 * 1024);
      const report = await runCli(['edi', 'parse', large], {});
      expect([report.code, report.output.trim()]).toEqual([0, 'x12: valid, 1 interchange(s)']);
      const json = await runCli(['edi', 'parse', large, '--json'], {});
      const summary = JSON.parse(json.output) as { valid: boolean; interchanges: Array<{ sets: Array<{ type: string; document: { lineCount: number } }> }> };
      expect(summary.valid).toBe(true);
      expect(summary.interchanges[0].sets).toHaveLength(sets);
      expect(summary.interchanges[0].sets[sets - 1]).toMatchObject({ type: '846', document: { lineCount: 50 } });

      const broken = path.join(dir, 'broken-846.x12');
      await fs.writeFile(broken, (await fs.readFile(large, 'utf8')).replace(/GE\*5000\*1~/, 'GE*4999*1~'));
      const refused = await runCli(['edi', 'parse', broken], {});
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/X12_GE_COUNT/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 when the file cannot be read', async () => {
    const { code } = await runCli(['edi', 'parse', path.join(os.tmpdir(), 'no-such-file.edi'), '--json'], {});
    expect(code).toBe(2);
  });

  it('builds an 850 for a supplier order that parses back as valid', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-edi-'));
    try {
      const order = {
        po_id: 'P00231',
        supplier: 'SUP-ACME',
        order_date: '2026-11-26',
        ship_to: 'WH-BER',
        lines: [{ line_id: '1', sku: 'BOLT-M8-40', quantity: 2000, uom: 'EA', unit_price: 0.15 }],
      };
      await fs.writeFile(path.join(dir, 'order.json'), JSON.stringify(order));
      const built = await runCli(['edi', 'build', path.join(dir, 'order.json'), '--partner', 'SUP-ACME', '--control', '17'], {});
      expect(built.code).toBe(0);
      await fs.writeFile(path.join(dir, 'order.edi'), built.output);
      const parsed = await runCli(['edi', 'parse', path.join(dir, 'order.edi'), '--json'], {});
      expect(parsed.code).toBe(0);
      expect(JSON.parse(parsed.output)).toMatchObject({ standard: 'x12', valid: true, interchanges: [{ controlReference: '000000017' }] });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
