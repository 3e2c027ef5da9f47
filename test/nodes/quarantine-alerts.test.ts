import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ediIn from '../../nodes/edi/edi-in';
import ediPartner from '../../nodes/edi/edi-partner';
import { EXAMPLE_X12_4010 } from '../../nodes/edi/partners';
import { exceptionRow } from '../../nodes/integration/alerts/exceptions';
import { OPERATIONAL_ALERT_EVENT, type OperationalAlertEvent } from '../../nodes/integration/alerts/operational';
import type { Ledger } from '../../nodes/ledger/ledger';
import type { AlertRecord } from '../../nodes/ledger/store/alert-types';
import { node, settled, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'edi');
const LIMIT_BYTES = 4000;

/** Resolves with the first `count` file_quarantined alerts the ledger opens. */
function quarantineAlerts(ledger: Ledger, count: number): Promise<AlertRecord[]> {
  const opened: AlertRecord[] = [];
  return new Promise((resolve) => {
    const listener = (event: OperationalAlertEvent): void => {
      if (event.change !== 'opened' || event.alert.type !== 'file_quarantined') return;
      opened.push(event.alert);
      if (opened.length < count) return;
      ledger.off(OPERATIONAL_ALERT_EVENT, listener);
      resolve(opened);
    };
    ledger.on(OPERATIONAL_ALERT_EVENT, listener);
  });
}

// The finding: an empty or binary EDI file gave a log line and no alert; nothing on Health.
describe('supplier files the EDI inbox quarantines', () => {
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
  let dir: string;
  const inbound = () => path.join(dir, 'in');

  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-quarantine-'));
    await fs.mkdir(inbound(), { recursive: true });
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('raise one file_quarantined alert per file, with the reason and the partner: empty, binary and oversized', async () => {
    const profile = { ...EXAMPLE_X12_4010, limits: { fileBytes: LIMIT_BYTES } };
    await helper.load(
      [...reliabilityNodes, ediPartner, ediIn],
      [
        ledgerConfigNode(ledgerFile.file),
        { id: 'partner', type: 'edi-partner', profile: JSON.stringify(profile), ledger: 'ledger', inbound: inbound() },
        { id: 'in', type: 'edi-in', partner: 'partner', pollSeconds: '0', wires: [['got']] },
        { id: 'got', type: 'helper' },
      ] as never,
      { partner: { token: 'edi-inbound-token-0123456789' } },
    );
    const ledger = await ledgerOf();
    const x12 = await fs.readFile(path.join(FIXTURES, 'x12/850/node-x12_850.edi'), 'utf8');
    await fs.writeFile(path.join(inbound(), 'empty.edi'), '');
    await fs.writeFile(path.join(inbound(), 'binary.edi'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]));
    await fs.writeFile(path.join(inbound(), 'oversized.edi'), x12.repeat(Math.ceil(LIMIT_BYTES / x12.length) + 1));
    await fs.writeFile(path.join(inbound(), 'fine.edi'), x12);

    const alerts = quarantineAlerts(ledger, 3);
    const got = new Promise((resolve) => node('got').once('input', resolve));
    node('in').receive({ payload: 'look' });
    await got;
    await settled('in');
    const byFile = new Map((await alerts).map((a) => [JSON.parse(a.details as string).file as string, a]));

    expect([...byFile.keys()].sort()).toEqual(['binary.edi', 'empty.edi', 'oversized.edi']);
    const codes = Object.fromEntries([...byFile].map(([file, a]) => [file, JSON.parse(a.details as string).code]));
    expect(codes).toEqual({ 'empty.edi': 'EDI_FILE_EMPTY', 'binary.edi': 'EDI_FILE_BINARY', 'oversized.edi': 'EDI_FILE_TOO_LARGE' });
    for (const [file, alert] of byFile) {
      expect(alert).toMatchObject({ key: `file_quarantined:edi:SUP-ACME:${file}`, supplier: 'SUP-ACME', severity: 'warning', status: 'open', count: 1 });
      expect(alert.message).toMatch(new RegExp(`^EDI file ${file.replace('.', '\\.')} from SUP-ACME was quarantined \\(${codes[file]}\\)`));
      expect(exceptionRow(alert, Date.now()).type).toBe('file_quarantined');
      // The reason in the alert is the one written beside the file.
      const written = (await fs.readFile(path.join(inbound(), 'quarantine', `${file}.reason.txt`), 'utf8')).trim();
      expect(JSON.parse(alert.details as string).reason).toBe(written);
    }
    expect(byFile.get('binary.edi')?.message).toMatch(/a NUL byte at offset 5: binary data/);
    expect(byFile.get('empty.edi')?.message).toMatch(/the file is empty \(0 bytes\)/);
    expect(byFile.get('oversized.edi')?.message).toMatch(/over the partner's limit of 4000/);
    // The good file went on and nothing else was alerted.
    expect((await fs.readdir(path.join(inbound(), 'archive'))).sort()).toEqual(['fine.edi']);
    expect(await ledger.alerts.list({ type: 'file_quarantined' })).toHaveLength(3);
  });
});
