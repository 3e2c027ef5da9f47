import { once } from 'node:events';
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalFileStore } from '../../../../nodes/lib/files/file-store';
import { Inbox, inboxSettleMs } from '../../../../nodes/lib/files/inbox';

/**
 * The finding: a supplier file written in place (no temporary name) was claimed while still being
 * written; the reader got its first 3 MiB, refused it as truncated and archived it.
 */
describe('Inbox: a file is taken only once it has settled', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-inbox-settle-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('waits 2 s by default, and reads PLANBRIDGE_INBOX_SETTLE_MS', () => {
    expect(inboxSettleMs({})).toBe(2000);
    expect(inboxSettleMs({ PLANBRIDGE_INBOX_SETTLE_MS: '500' })).toBe(500);
    expect(inboxSettleMs({ PLANBRIDGE_INBOX_SETTLE_MS: '0' })).toBe(0);
    expect(inboxSettleMs({ PLANBRIDGE_INBOX_SETTLE_MS: 'soon' })).toBe(2000);
  });

  it('leaves a file that is being written in place, and takes it whole once it has not changed for the settle time', async () => {
    let now = Date.now();
    const inbox = new Inbox(
      new LocalFileStore(),
      dir,
      () => true,
      2000,
      () => now,
    );
    const file = path.join(dir, 'orders.x12');
    const writer = createWriteStream(file);
    writer.write('ISA*first half~');
    await once(writer, 'ready');
    await new Promise<void>((resolve) => writer.write('', () => resolve()));
    // A pass while the sender is still writing takes nothing.
    expect(await inbox.claim()).toEqual([]);
    writer.end('second half~IEA~');
    await once(writer, 'finish');
    expect(await inbox.claim()).toEqual([]);
    // Two seconds after its last write it is taken, whole.
    now = (await fs.stat(file)).mtimeMs + 2000;
    expect((await inbox.claim()).map((c) => c.name)).toEqual(['orders.x12']);
    expect((await inbox.read('orders.x12')).toString()).toBe('ISA*first half~second half~IEA~');
  });

  it('takes at once what a crash left in processing/, and any file when the settle time is 0', async () => {
    await fs.mkdir(path.join(dir, 'processing'));
    await fs.writeFile(path.join(dir, 'processing', 'left.x12'), 'ISA~');
    await fs.writeFile(path.join(dir, 'new.x12'), 'ISA~');
    expect((await new Inbox(new LocalFileStore(), dir, () => true, 2000).claim()).map((c) => c.name)).toEqual(['left.x12']);
    expect((await new Inbox(new LocalFileStore(), dir, () => true, 0).claim()).map((c) => c.name)).toEqual(['left.x12', 'new.x12']);
  });
});
