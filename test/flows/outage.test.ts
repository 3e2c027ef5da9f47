import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import { appliedAll, startApplyingTarget, type ApplyingTarget } from '../fakes/applying-target';
import { node, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, ledgerOf, reliabilityNodes, restConfigNode, tempLedgerFile } from '../helpers/reliability-flow';
import { waitLedgerSettled, type LedgerState } from '../helpers/runtime-process';

const helper = useNodeRed();

interface RestNode {
  client: { resilience: EventEmitter & { circuit: string } };
}

/** Each key's effect on the target: 1 for every key is exactly once (the target applies every request it answers 200). */
function effectsOf(target: ApplyingTarget, keys: string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, target.effects.get(k) ?? 0]));
}
const eachOnce = (keys: string[]): Record<string, number> => Object.fromEntries(keys.map((k) => [k, 1]));

describe('outage of a target that applies every request', () => {
  let target: ApplyingTarget;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;

  beforeEach(async () => {
    target = await startApplyingTarget(5);
    ledgerFile = await tempLedgerFile();
  });
  afterEach(async () => {
    await helper.unload();
    await target.close();
    await ledgerFile.cleanup();
  });

  function flow(policy: object) {
    return [
      ledgerConfigNode(ledgerFile.file),
      // A generous timeout: on a loaded machine a 2 s one expires while the target (in this process) has not
      // read the request yet; the request then arrives late, beside its retry, which says nothing of the replay.
      restConfigNode(target.url, { timeoutMs: '15000', ...policy }),
      { id: 'track', type: 'pb-track', ledger: 'ledger', keyPath: 'payload.key', requireKey: true, wires: [['dedupe'], []] },
      { id: 'dedupe', type: 'pb-dedupe', ledger: 'ledger', keyMode: 'msg', key: 'payload.key', wires: [['call'], []] },
      { id: 'call', type: 'rest-request', server: 'rest', method: 'POST', path: '/apply', wires: [['complete']] },
      { id: 'complete', type: 'pb-complete', wires: [[]] },
    ] as never;
  }

  const send = (keys: string[]): void => keys.forEach((key) => node('track').receive({ payload: { key } }));
  const ledgerState = async (): Promise<LedgerState> => (await helper.request().get('/planbridge/ledger/state').expect(200)).body as LedgerState;

  it('delivers every message once when the target comes back, sent twice or not, waiting longer each time, opening and closing the circuit', async () => {
    await helper.load(reliabilityNodes, flow({ attempts: '10', initialDelayMs: '40', maxDelayMs: '1500', breakerThreshold: '6', halfOpenAfterMs: '300' }));
    const states: string[] = [];
    const retries: Array<{ attempt: number; delayMs: number }> = [];
    const resilience = node<RestNode>('rest').client.resilience;
    resilience.on('circuit', (s: string) => states.push(s));
    resilience.on('retry', (event: { attempt: number; delayMs: number }) => retries.push(event));
    // The outage: the first 24 calls fail, half of them asking for a 1 s pause.
    target.failNext(12, 503);
    let refusedCount = 0;
    target.on('refused', () => {
      refusedCount += 1;
      if (refusedCount === 12) target.failNext(12, 503, 1);
    });
    const keys = Array.from({ length: 20 }, (_, i) => `o-${i}`);
    // The sender sends every key twice during the outage (it timed out waiting and tried again): the
    // copy finds the key in progress and stops at pb-dedupe.
    send(keys);
    send(keys);
    let lastRefusal = Date.now();
    target.on('refused', () => (lastRefusal = Date.now()));
    await appliedAll(target, keys, 30_000);
    const recoveredAfterMs = Date.now() - lastRefusal;
    await waitLedgerSettled(ledgerState);

    expect(effectsOf(target, keys)).toEqual(eachOnce(keys));
    // Once the target answers again, the longest wait left is the policy's longest backoff (1.5 s) or
    // its Retry-After (1 s), and a half-open probe (0.3 s): all keys applied within that and 3 s more.
    console.log(`outage test: all ${keys.length} keys applied once, ${recoveredAfterMs} ms after the target's last refusal`);
    expect(recoveredAfterMs).toBeLessThan(1500 + 300 + 3000);
    const ledger = await ledgerOf();
    expect(await ledger.deadLetters.count('open')).toBe(0);
    expect(states).toContain('open');
    expect(states[states.length - 1]).toBe('closed');
    // The waits the policy chose grow with the attempt (exponential backoff), and Retry-After: 1 was honoured.
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const firstWaits = retries.filter((r) => r.attempt === 1).map((r) => r.delayMs);
    const laterWaits = retries.filter((r) => r.attempt >= 3).map((r) => r.delayMs);
    expect(laterWaits.length).toBeGreaterThan(0);
    expect(median(laterWaits)).toBeGreaterThan(median(firstWaits));
    expect(retries.some((r) => r.delayMs >= 1000)).toBe(true);
  }, 60_000);

  it('dead-letters every message of a longer outage, and a paced replay then delivers each once, skipping those the sender delivered meanwhile', async () => {
    await helper.load(reliabilityNodes, flow({ attempts: '3', initialDelayMs: '20', maxDelayMs: '100', breakerThreshold: '1000', halfOpenAfterMs: '100' }));
    const ledger = await ledgerOf();
    target.failAlways(503);
    const keys = Array.from({ length: 24 }, (_, i) => `long-${i}`);
    let lettered = 0;
    const allLettered = new Promise<void>((resolve) => {
      ledger.on('dead-lettered', () => {
        lettered += 1;
        if (lettered === keys.length) resolve();
      });
    });
    send(keys);
    await allLettered;
    expect(await ledger.deadLetters.count('open')).toBe(keys.length);
    expect(target.applied.size).toBe(0);

    target.recover();
    // The sender sends half of the keys again once the target is back: delivered now, so the replay
    // that follows must skip them (their keys completed) rather than apply them a second time.
    const resent = keys.slice(0, keys.length / 2);
    const replayed = keys.slice(keys.length / 2);
    send(resent);
    await appliedAll(target, resent, 10_000);
    const replayStarted = Date.now();
    const finished = once(ledger, 'replay-done');
    await helper.request().post('/planbridge/dead-letters/replay').send({ all: true, ratePerSecond: 20 }).expect(202);
    await finished;
    await appliedAll(target, keys, 10_000);
    await waitLedgerSettled(ledgerState);
    // Each key reached the target once (the log says who sent what, should it not).
    const effects = effectsOf(target, keys);
    expect({
      effects,
      log: Object.values(effects).some((n) => n !== 1) ? target.log.filter((e) => e.status === 200).map((e) => ({ ...e, at: e.at - replayStarted })) : [],
    }).toEqual({ effects: eachOnce(keys), log: [] });
    const replayTimes = replayed.map((k) => (target.requests.get(k) as number[]).filter((t) => t >= replayStarted)[0]).sort((a, b) => a - b);
    // Paced at 20 per second: the replays are spread over at least (n - 1) * 50 ms, with some slack.
    expect(replayTimes[replayTimes.length - 1] - replayTimes[0]).toBeGreaterThanOrEqual((replayed.length - 1) * 50 * 0.8);
    expect(await ledger.deadLetters.count('open')).toBe(0);
  }, 60_000);
});
