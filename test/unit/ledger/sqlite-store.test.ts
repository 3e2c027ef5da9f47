import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../nodes/ledger/store/open-store';
import { storeContract } from './store-contract';

describe('ledger store on SQLite', () => {
  storeContract(async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-ledger-'));
    const file = path.join(dir, 'ledger.db');
    const opened = [await openStore({ engine: 'sqlite', file })];
    return {
      store: opened[0],
      async second() {
        const other = await openStore({ engine: 'sqlite', file });
        opened.push(other);
        return other;
      },
      async cleanup() {
        for (const s of opened) await s.close();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  });
});
