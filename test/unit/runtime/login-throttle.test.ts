import { LoginThrottle } from '../../../runtime/login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = (maxEntries = 100) => new LoginThrottle({ maxFailures: 3, windowMs: 10_000, lockMs: 5_000, maxEntries, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('locks a user name after its failures, from any address, for the lock time; a success clears the name', () => {
    const t = throttle();
    t.record('ann', '10.0.0.1', false);
    t.record('ann', '10.0.0.2', false);
    expect(t.retryAfterMs('ann', '10.0.0.3')).toBe(0);
    t.record('ann', '10.0.0.3', false);
    expect(t.retryAfterMs('ann', '10.0.0.9')).toBe(5_000);
    now += 5_000;
    expect(t.retryAfterMs('ann', '10.0.0.9')).toBe(0);
    t.record('ann', '10.0.0.1', false);
    t.record('ann', '10.0.0.1', true);
    t.record('ann', '10.0.0.4', false);
    expect(t.retryAfterMs('ann', '10.0.0.5')).toBe(0);
  });

  it('locks an address that guesses many names, so a flood of names costs no password checks', () => {
    const t = throttle();
    for (const name of ['a', 'b', 'c']) t.record(name, '10.6.6.6', false);
    expect(t.retryAfterMs('someone-new', '10.6.6.6')).toBe(5_000);
    expect(t.retryAfterMs('someone-new', '10.0.0.1')).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const t = throttle();
    t.record('bob', '10.0.0.1', false);
    t.record('bob', '10.0.0.2', false);
    now += 10_001;
    t.record('bob', '10.0.0.3', false);
    expect(t.retryAfterMs('bob', '10.0.0.4')).toBe(0);
  });

  it('keeps a real lock through a flood of made-up names: only idle entries make room', () => {
    const t = throttle(10);
    for (let i = 0; i < 3; i++) t.record('admin', `10.0.1.${i}`, false);
    expect(t.retryAfterMs('admin', '10.9.9.9')).toBe(5_000);
    for (let i = 0; i < 50; i++) t.record(`made-up-${i}`, `10.2.${i}.1`, false);
    expect(t.retryAfterMs('admin', '10.9.9.9')).toBeGreaterThan(0);
    // The store is full of recent entries: a newcomer waits too, rather than pushing a lock out.
    expect(t.retryAfterMs('made-up-49', '10.3.0.1')).toBeGreaterThan(0);
  });
});
