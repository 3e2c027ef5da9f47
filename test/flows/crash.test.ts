import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { appliedCount, startApplyingTarget, type ApplyingTarget } from '../fakes/applying-target';
import { Sender } from '../helpers/ingest-sender';
import { adminLogin, ledgerStateOf, startRuntimeProcess, waitLedgerSettled, type RuntimeProcess } from '../helpers/runtime-process';

const MESSAGES = 2000;
/** The fixture's message lease (crash-test.json, leaseSeconds 2): how long a dead instance's messages wait. */
const LEASE_MS = 2000;
/** Lease, a redelivery sweep (every lease / 2), the target's retries and a loaded machine. */
const RECOVERY_MS = LEASE_MS + 10_000;
/** Keys completed before the kill that the client sends again after the restart, as a sender that retries would. */
const RESENT_COMPLETED = 100;
const PASSWORD = 'crash-test-admin-password';

/**
 * What the ledger file of the killed instance holds: the keys of messages pb-complete delivered (their
 * effect recorded as done) and of messages left unfinished. Read from the messages, not the idempotency
 * keys, so that it means the same with pb-dedupe taken out of the flow.
 */
function ledgerAtKill(file: string): { completed: Set<string>; open: Set<string> } {
  const db = new DatabaseSync(file);
  try {
    const keysOf = (where: string): Set<string> =>
      new Set(
        (db.prepare(`SELECT m.body FROM pb_message m WHERE ${where}`).all() as Array<{ body: string }>).map(
          (r) => (JSON.parse(String(r.body)) as { payload: { key: string } }).payload.key,
        ),
      );
    // Delivered by pb-complete after the target answered: not a duplicate pb-dedupe finished at once.
    const byComplete = "EXISTS (SELECT 1 FROM pb_transition t WHERE t.message_id = m.id AND t.status = 'delivered' AND t.node_id = 'crash-complete')";
    return { completed: keysOf(byComplete), open: keysOf('m.completed_at IS NULL') };
  } finally {
    db.close();
  }
}

describe('crash: SIGKILL while 2,000 tracked messages flow to a target that applies every request', () => {
  let target: ApplyingTarget;
  let userDir: string;
  let runtime: RuntimeProcess | undefined;

  beforeAll(async () => {
    target = await startApplyingTarget(20);
    userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-crash-'));
    await fs.copyFile(path.join(__dirname, '..', 'fixtures', 'flows', 'crash-test.json'), path.join(userDir, 'flows.json'));
  });

  afterAll(async () => {
    await runtime?.stop('SIGKILL');
    await target.close();
    await fs.rm(userDir, { recursive: true, force: true });
  });

  it('loses no message, repeats no effect completed before the kill, and finishes the killed work within the lease and a margin', async () => {
    const env = {
      PLANBRIDGE_USER_DIR: userDir,
      PLANBRIDGE_FLOWS_FILE: path.join(userDir, 'flows.json'),
      PLANBRIDGE_ADMIN_PASSWORD: PASSWORD,
      PB_TEST_TARGET_URL: target.url,
    };
    const keys = Array.from({ length: MESSAGES }, (_, i) => `key-${i}`);
    const sender = new Sender(keys, 'admin', PASSWORD);
    const killAt = Number(process.env.PB_CRASH_KILL_AT) || 200 + Math.floor(Math.random() * 1600);
    // First, so that a failure below can be replayed at the same point.
    console.log(`crash test: kill point: SIGKILL after ${killAt} accepted messages (PB_CRASH_KILL_AT=${killAt} repeats it)`);

    const first = await startRuntimeProcess(env);
    runtime = first;
    let killed: Promise<unknown> | undefined;
    await sender.run(first.url, (count) => {
      if (count >= killAt && !killed) {
        sender.stop();
        killed = first.stop('SIGKILL');
      }
    });
    await killed;

    // What had happened at the kill, measured: the ledger's completed keys and unfinished messages, and
    // every key the target had been asked for. Only a key asked for and not completed may be repeated.
    const atKill = ledgerAtKill(path.join(userDir, 'ledger.db'));
    const requestedAtKill = new Set(target.requests.keys());
    const inFlight = new Set([...requestedAtKill].filter((k) => !atKill.completed.has(k)));
    const orphans = [...atKill.open].filter((k) => !atKill.completed.has(k));
    console.log(
      `crash test: at the kill ${atKill.completed.size} keys delivered in the ledger, ${inFlight.size} asked of the target and not completed, ` +
        `${orphans.length} tracked message(s) unfinished (${orphans.filter((k) => sender.acked.has(k)).length} of them acknowledged: only a takeover finishes those)`,
    );
    expect(orphans.length).toBeGreaterThan(0);
    // A sender that retries: keys it already had acknowledged, sent again after the restart (pb-dedupe's job).
    const resent = [...atKill.completed].slice(0, RESENT_COMPLETED);
    expect(resent).toHaveLength(RESENT_COMPLETED);
    sender.again(resent);

    // The unfinished messages come back once the dead instance's lease ran out.
    const recovered = new Set<string>();
    const orphanSet = new Set(orphans);
    const allRecovered = new Promise<number>((resolve) => {
      const onApplied = (key: string): void => {
        if (orphanSet.has(key)) recovered.add(key);
        if (recovered.size === orphanSet.size) {
          target.off('applied', onApplied);
          resolve(Date.now());
        }
      };
      target.on('applied', onApplied);
    });
    runtime = await startRuntimeProcess(env);
    const restartedAt = Date.now();
    const admin = await adminLogin(runtime.url, 'admin', PASSWORD);
    const sending = sender.run(runtime.url);
    const recoveredAt = await Promise.race([
      allRecovered,
      new Promise<number>((_, reject) =>
        setTimeout(
          () => reject(new Error(`${orphans.length - recovered.size} of ${orphans.length} unfinished message(s) not delivered within ${RECOVERY_MS} ms`)),
          RECOVERY_MS,
        ).unref(),
      ),
    ]);
    await sending;
    expect(sender.acked.size).toBe(MESSAGES);
    await appliedCount(target, MESSAGES, 60_000);
    const state = await waitLedgerSettled(ledgerStateOf(admin));

    const repeats = target.repeats();
    const repeatedOutsideWindow = [...repeats.keys()].filter((k) => !inFlight.has(k));
    const completedRepeated = [...atKill.completed].filter((k) => (target.requests.get(k) ?? []).length !== 1 || target.effects.get(k) !== 1);
    console.log(
      `crash test: killed after ${killAt} accepted; ${orphans.length} unfinished message(s) delivered ${recoveredAt - restartedAt} ms after the restart; ` +
        `all ${target.applied.size} keys applied; ${repeats.size} applied twice (${repeatedOutsideWindow.length} of them not in flight at the kill, ` +
        `${inFlight.size} were); ledger ${JSON.stringify(state)}`,
    );
    expect([...target.applied].sort()).toEqual([...keys].sort());
    expect({ completedRepeated, repeatedOutsideWindow }).toEqual({ completedRepeated: [], repeatedOutsideWindow: [] });
    expect(Math.max(...target.effects.values())).toBeLessThanOrEqual(2);
    expect(recoveredAt - restartedAt).toBeLessThan(RECOVERY_MS);

    expect(await runtime.stop('SIGTERM')).toBe(0);
    runtime = undefined;
  }, 120_000);
});
