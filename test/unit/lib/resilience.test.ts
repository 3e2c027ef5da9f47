import { RemoteError } from '../../../nodes/lib/errors';
import { backoffDelay, DEFAULT_RESILIENCE, Resilience, resilienceFrom, type CallFailureEvent, type RetryEvent } from '../../../nodes/lib/resilience';

const quick = { attempts: 4, initialDelayMs: 1, maxDelayMs: 50, breakerThreshold: 100, halfOpenAfterMs: 10, maxConcurrent: 0 };
const unavailable = (retryAfterMs?: number) => new RemoteError('X_UNAVAILABLE', 'down', { system: 'X', status: 503, retryable: true, retryAfterMs });

describe('backoffDelay', () => {
  it('doubles each attempt up to the maximum, with jitter in the upper half of the step', () => {
    const options = { ...DEFAULT_RESILIENCE, initialDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(options, 1, () => 0)).toBe(50);
    expect(backoffDelay(options, 1, () => 1)).toBe(100);
    expect(backoffDelay(options, 3, () => 1)).toBe(400);
    expect(backoffDelay(options, 10, () => 1)).toBe(1000);
    // Below the cap, never shorter than the previous attempt's longest wait: half the step is fixed.
    for (let n = 1; n < 4; n++) expect(backoffDelay(options, n + 1, () => 0)).toBeGreaterThanOrEqual(backoffDelay(options, n, () => 1) * 0.99);
  });
});

describe('resilienceFrom', () => {
  it('takes defaults for blank fields and refuses nonsense', () => {
    expect(resilienceFrom({})).toEqual(DEFAULT_RESILIENCE);
    expect(resilienceFrom({ attempts: '3', maxDelayMs: 100 })).toMatchObject({ attempts: 3, maxDelayMs: 100 });
    expect(() => resilienceFrom({ attempts: '0' })).toThrow('attempts');
    expect(() => resilienceFrom({ halfOpenAfterMs: 'soon' })).toThrow('halfOpenAfterMs');
  });
});

describe('Resilience', () => {
  it('keeps at most maxConcurrent calls in flight; the others wait their turn', async () => {
    const policy = new Resilience('x', { ...quick, maxConcurrent: 3 }, 'X');
    let inFlight = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const started = () => new Promise<void>((resolve) => setImmediate(resolve));
    const calls = Array.from({ length: 10 }, (_, i) =>
      policy.execute(async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight -= 1;
        return i;
      }),
    );
    for (let done = 0; done < 10; done++) {
      while (!releases.length) await started();
      expect(inFlight).toBeLessThanOrEqual(3);
      releases.shift()!();
    }
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it('retries retryable failures and reports each wait', async () => {
    const policy = new Resilience('x', quick, 'X');
    const waits: RetryEvent[] = [];
    policy.on('retry', (e: RetryEvent) => waits.push(e));
    let calls = 0;
    const result = await policy.execute(async () => {
      calls += 1;
      if (calls < 3) throw unavailable();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(waits.map((w) => w.attempt)).toEqual([1, 2]);
    expect(waits.every((w) => w.code === 'X_UNAVAILABLE')).toBe(true);
  });

  it('gives up after the last attempt with the attempt count on the error, and reports the failure once', async () => {
    const policy = new Resilience('x', quick, 'X');
    const failures: CallFailureEvent[] = [];
    policy.on('failure', (e: CallFailureEvent) => failures.push(e));
    const failure = policy.execute(async () => {
      throw unavailable();
    });
    await expect(failure).rejects.toMatchObject({ code: 'X_UNAVAILABLE', attempts: 4, cause: expect.objectContaining({ attempts: 4 }) });
    expect(failures).toEqual([{ target: 'x', attempts: 4, code: 'X_UNAVAILABLE', message: 'down' }]);
  });

  it('does not retry what cannot succeed later', async () => {
    const policy = new Resilience('x', quick, 'X');
    let calls = 0;
    const failure = policy.execute(async () => {
      calls += 1;
      throw new RemoteError('X_VALIDATION', 'bad', { system: 'X', status: 422, retryable: false });
    });
    await expect(failure).rejects.toMatchObject({ code: 'X_VALIDATION', attempts: 1 });
    expect(calls).toBe(1);
  });

  it('waits at least what Retry-After asks, and stops at once when that is longer than the maximum wait', async () => {
    const policy = new Resilience('x', { ...quick, maxDelayMs: 500 }, 'X');
    const waits: number[] = [];
    policy.on('retry', (e: RetryEvent) => waits.push(e.delayMs));
    let calls = 0;
    await policy.execute(async () => {
      calls += 1;
      if (calls === 1) throw unavailable(30);
      return 'ok';
    });
    expect(waits[0]).toBeGreaterThanOrEqual(30);

    let longCalls = 0;
    const refused = policy.execute(async () => {
      longCalls += 1;
      throw unavailable(60_000);
    });
    await expect(refused).rejects.toMatchObject({ code: 'X_UNAVAILABLE', attempts: 1 });
    expect(longCalls).toBe(1);
  });
});
