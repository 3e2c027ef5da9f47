import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parseEdi } from '../../../nodes/edi/codec';
import { binaryReason, countDocuments, CRASHES_BEFORE_QUARANTINE, receiveFiles, type InboundFile } from '../../../nodes/edi/transport/inbound';
import { LocalFileStore } from '../../../nodes/lib/files/file-store';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'edi');
const read = (file: string): Promise<string> => fs.readFile(path.join(FIXTURES, file), 'utf8');
const LIMITS = { fileBytes: 1_000_000, documents: 100 };

describe('receiveFiles: what a supplier file may be before the flow sees it', () => {
  let inbox: string;
  const store = new LocalFileStore();
  beforeEach(async () => {
    inbox = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-inbound-'));
  });
  afterEach(() => fs.rm(inbox, { recursive: true, force: true }));

  const listed = async (folder: string): Promise<string[]> => (await fs.readdir(path.join(inbox, folder)).catch(() => [])).sort();
  const reason = async (name: string): Promise<string> => (await fs.readFile(path.join(inbox, 'quarantine', `${name}.reason.txt`), 'utf8')).trim();

  it('quarantines a file over the size or document limit with its reason, before anything parses it', async () => {
    const one = await read('x12/855/node-x12_855.edi');
    await fs.writeFile(path.join(inbox, 'big.x12'), one.repeat(1000));
    await fs.writeFile(path.join(inbox, 'many.x12'), one.repeat(150));
    await fs.writeFile(path.join(inbox, 'fine.x12'), one.repeat(3));
    const handled: string[] = [];
    const run = await receiveFiles(store, inbox, async (file) => void handled.push(file.name), LIMITS);
    expect(handled).toEqual(['fine.x12']);
    expect(await listed('archive')).toEqual(['fine.x12']);
    expect(run.quarantined.map((q) => q.file).sort()).toEqual(['big.x12', 'many.x12']);
    expect(await reason('big.x12')).toMatch(/^EDI_FILE_TOO_LARGE: 1129000 bytes, over the partner's limit of 1000000/);
    expect(await reason('many.x12')).toMatch(/^EDI_FILE_TOO_MANY_DOCUMENTS: 150 documents, over the partner's limit of 100/);
  });

  it('quarantines empty, blank and binary files with a reason that says which', async () => {
    await fs.writeFile(path.join(inbox, 'empty.edi'), '');
    await fs.writeFile(path.join(inbox, 'blank.edi'), '  \n');
    await fs.writeFile(path.join(inbox, 'binary.edi'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    // A binary file that happens to start like an interchange is still binary.
    await fs.writeFile(path.join(inbox, 'zipped.edi'), Buffer.concat([Buffer.from('ISA*00*'), Buffer.from([0, 0, 3, 4, 0x14, 0])]));
    const run = await receiveFiles(store, inbox, async () => undefined, LIMITS);
    expect(run.handled).toBe(0);
    expect(await reason('empty.edi')).toBe('EDI_FILE_EMPTY: the file is empty (0 bytes)');
    expect(await reason('blank.edi')).toMatch(/^EDI_FILE_EMPTY: 3 bytes of blanks only/);
    expect(await reason('binary.edi')).toMatch(/^EDI_FILE_BINARY: a NUL byte at offset 4/);
    expect(await reason('zipped.edi')).toMatch(/^EDI_FILE_BINARY: a NUL byte at offset 7/);
    expect(run.quarantined.map((q) => [q.file, q.code]).sort()).toEqual([
      ['binary.edi', 'EDI_FILE_BINARY'],
      ['blank.edi', 'EDI_FILE_EMPTY'],
      ['empty.edi', 'EDI_FILE_EMPTY'],
      ['zipped.edi', 'EDI_FILE_BINARY'],
    ]);
  });

  it('takes text with information separators (0x1C-0x1F) as delimiters for text, not binary', () => {
    expect(binaryReason(Buffer.from('ISA\x1d00\x1d          \x1c'))).toBeUndefined();
    expect(binaryReason(Buffer.from('UNB+UNOC:3\x07\x01\x02\x03\x04\x05'))).toMatch(/control characters/);
  });

  // A file that kills the process while it is handled would otherwise be taken first after every restart: a crash loop.
  it('retries a file the runtime stopped on once, and sets it aside the second time, so it cannot crash the runtime in a loop', async () => {
    await fs.writeFile(path.join(inbox, 'deadly.x12'), await read('x12/855/node-x12_855.edi'));
    const never = (): Promise<void> => new Promise<void>(() => undefined);
    const started: string[] = [];
    const crashing = async (file: InboundFile): Promise<void> => {
      started.push(file.name);
      return never();
    };
    // Each "process" starts the file and dies with it: nothing after handle() runs.
    const firstLife = receiveFiles(store, inbox, crashing, LIMITS);
    while (started.length < 1) await new Promise((resolve) => setImmediate(resolve));
    void firstLife;
    const secondLife = receiveFiles(store, inbox, crashing, LIMITS);
    while (started.length < 2) await new Promise((resolve) => setImmediate(resolve));
    void secondLife;
    const third = await receiveFiles(store, inbox, async (file) => void started.push(file.name), LIMITS);
    expect(started).toEqual(['deadly.x12', 'deadly.x12']);
    expect(third.quarantined).toEqual([
      { file: 'deadly.x12', kept: 'deadly.x12', code: 'EDI_FILE_CRASHED', reason: expect.stringMatching(/^EDI_FILE_CRASHED: the runtime stopped 2 times/) },
    ]);
    expect(await listed('quarantine')).toEqual(['deadly.x12', 'deadly.x12.reason.txt']);
    expect(await listed('processing')).toEqual([]);
    expect(CRASHES_BEFORE_QUARANTINE).toBe(2);
  });

  it('does not count a failure the runtime lived through as a crash: the file is offered again, as often as it takes', async () => {
    await fs.writeFile(path.join(inbox, 'flaky.x12'), await read('x12/855/node-x12_855.edi'));
    for (let i = 0; i < 3; i++) {
      await expect(receiveFiles(store, inbox, () => Promise.reject(new Error('Odoo is down')), LIMITS)).rejects.toThrow('Odoo is down');
    }
    expect(await listed('processing')).toEqual(['flaky.x12']);
    const run = await receiveFiles(store, inbox, async () => undefined, LIMITS);
    expect(run).toEqual({ handled: 1, quarantined: [] });
    expect(await listed('archive')).toEqual(['flaky.x12']);
  });
});

describe('countDocuments', () => {
  it('counts the sets of X12 and the messages of EDIFACT files as the parser does, with their own separators', async () => {
    for (const file of [
      'x12/855/node-x12_855.edi',
      'x12/855/stedi_5010_855.edi',
      'edifact/ORDRSP/handwritten_ordrsp_d96a.edi',
      'edifact/ORDRSP/edinet_ORDRSP_oneline.edi',
    ]) {
      const text = await read(file);
      const parsed = parseEdi(text);
      const sets = parsed.interchanges.flatMap((i) => i.groups.flatMap((g) => g.sets)).length;
      for (const copies of [1, 7]) {
        expect([file, copies, countDocuments(text.repeat(copies), parsed.standard as 'x12' | 'edifact')]).toEqual([file, copies, sets * copies]);
      }
    }
  });

  it('counts any number of copies with any line breaks between segments', async () => {
    const one = await read('x12/855/node-x12_855.edi');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.constantFrom('', '\n', '\r\n'), (copies, lineBreak) => {
        const text = one.replace(/~\s*/g, `~${lineBreak}`).repeat(copies);
        return countDocuments(text, 'x12') === copies;
      }),
    );
  });
});
