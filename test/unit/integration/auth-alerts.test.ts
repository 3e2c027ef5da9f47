import { AuthWatch, authAlertKey } from '../../../nodes/integration/alerts/auth-alerts';
import type { Ledger } from '../../../nodes/ledger/ledger';
import type { RaiseAlert } from '../../../nodes/ledger/store/alert-types';
import { DEFAULT_RESILIENCE, Resilience } from '../../../nodes/lib/resilience';
import { RemoteError } from '../../../nodes/lib/errors';

/** A ledger that only keeps what the watch writes: raises (with their occurrences) and clears. */
function recordingLedger(writeDelayMs = 0) {
  const writes: Array<{ raise?: RaiseAlert; clear?: string }> = [];
  let open = false;
  // A write that takes a while, as a real one does: what arrives meanwhile waits for the next write.
  const pause = () => new Promise((resolve) => setTimeout(resolve, writeDelayMs));
  const ledger = {
    now: () => Date.now(),
    emit: () => true,
    alerts: {
      raise: async (alert: RaiseAlert) => {
        await pause();
        writes.push({ raise: alert });
        const opened = !open;
        open = true;
        return { alert: { ...alert, status: 'open' }, opened };
      },
      clear: async (key: string) => {
        await pause();
        writes.push({ clear: key });
        const was = open;
        open = false;
        return was ? { key, status: 'resolved' } : undefined;
      },
    },
  } as unknown as Ledger;
  return { ledger, writes };
}

const refused = (code: string) => () => Promise.reject(new RemoteError(code, `${code} from the server`, { system: 'ODOO', retryable: false }));
const works = () => Promise.resolve('ok');

describe('AuthWatch', () => {
  const connection = (resilience: Resilience) => ({ id: 'cfg', type: 'odoo-config', name: 'odoo', resilience });
  let resilience: Resilience;
  beforeEach(() => {
    resilience = new Resilience('odoo', { ...DEFAULT_RESILIENCE, attempts: 1, maxConcurrent: 0 }, 'ODOO');
  });

  it('keys the alert by system and config node', () => {
    expect(authAlertKey({ id: 'abc', type: 'odoo-config' })).toBe('auth_failure:odoo:abc');
  });

  it('keeps a refused right open while other operations work, and clears it when that operation works again', async () => {
    const { ledger, writes } = recordingLedger();
    const watch = new AuthWatch(connection(resilience), async (work) => void (await work(ledger)));
    await resilience.execute(refused('ODOO_ACCESS_ERROR'), { operation: 'purchase.order.create' }).catch(() => undefined);
    await resilience.execute(works, { operation: 'product.product.search_read' });
    await watch.idle();
    expect(writes.map((w) => (w.raise ? 'raise' : 'clear'))).toEqual(['raise']);
    expect(writes[0].raise).toMatchObject({ key: 'auth_failure:odoo:cfg', type: 'auth_failure', occurrences: 1 });
    await resilience.execute(works, { operation: 'purchase.order.create' });
    await watch.idle();
    expect(writes.map((w) => (w.raise ? 'raise' : 'clear'))).toEqual(['raise', 'clear']);
    watch.stop();
  });

  it('ignores refusals of calls that only ask what is allowed (Test connection), and errors that are not about access', async () => {
    const { ledger, writes } = recordingLedger();
    const watch = new AuthWatch(connection(resilience), async (work) => void (await work(ledger)));
    // The first success after a deploy clears whatever a previous deploy left open; nothing after that.
    await resilience.execute(works);
    await watch.idle();
    await resilience.execute(refused('ODOO_ACCESS_ERROR'), { operation: 'res.users.apikeys.search_read', probe: true }).catch(() => undefined);
    await resilience.execute(refused('ODOO_VALIDATION'), { operation: 'purchase.order.write' }).catch(() => undefined);
    await resilience.execute(works);
    await watch.idle();
    expect(writes).toEqual([{ clear: 'auth_failure:odoo:cfg' }]);
    watch.stop();
  });

  it('writes a burst of refused calls in a few writes that add up to the burst, not one write per call', async () => {
    const { ledger, writes } = recordingLedger(5);
    const watch = new AuthWatch(connection(resilience), async (work) => void (await work(ledger)));
    await Promise.all(Array.from({ length: 500 }, () => resilience.execute(refused('ODOO_ACCESS_DENIED')).catch(() => undefined)));
    await watch.idle();
    expect(writes.reduce((sum, w) => sum + (w.raise?.occurrences ?? 0), 0)).toBe(500);
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(writes.every((w) => w.raise?.key === 'auth_failure:odoo:cfg')).toBe(true);
    watch.stop();
  });
});
