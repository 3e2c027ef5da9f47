import { ledgerOwes, type Admin } from './try-admin';
import type { TryPlan } from './try-plan';
import type { TriedRuntime } from './try-process';
import type { FiredTrigger } from './try-report';
import type { RuntimeWatch } from './try-watch';

const POLL_MS = 250;
/** How long "nothing owed, nothing open, nothing busy" must hold before a trigger counts as done. */
const QUIET_MS = 1_000;

/** What the runtime still owes (busy nodes first: they need no request), or null when nothing. */
async function owed(admin: Admin, watch: RuntimeWatch, holders: Map<string, string>): Promise<string | null> {
  const busy = watch.busy().filter((b) => !holders.has(b.id));
  if (busy.length) return `nodes busy: ${busy.map((b) => `${b.id}${b.text ? ` (${b.text})` : ''}`).join(', ')}`;
  try {
    return await ledgerOwes(admin);
  } catch (err) {
    return `the runtime does not answer: ${(err as Error).message}`;
  }
}

/**
 * Resolves once the runtime owed nothing for QUIET_MS (asked every POLL_MS), or at the deadline with
 * what it still owed then.
 */
async function settle(
  runtime: TriedRuntime,
  admin: Admin,
  watch: RuntimeWatch,
  holders: Map<string, string>,
  deadline: number,
): Promise<{ settled: boolean; owed: string | null }> {
  let idleSince: number | null = null;
  let last: string | null = null;
  while (Date.now() < deadline) {
    const stopped = runtime.stoppedByItself();
    if (stopped) return { settled: false, owed: `the runtime stopped by itself (${stopped})` };
    last = await owed(admin, watch, holders);
    if (last === null) {
      idleSince ??= Date.now();
      if (Date.now() - idleSince >= QUIET_MS) return { settled: true, owed: null };
    } else {
      idleSince = null;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return { settled: false, owed: last };
}

/**
 * Fires each trigger once, in the flows' order, each after the runtime settled from the one before;
 * once the deadline passed (or the runtime stopped), the rest are reported as not fired.
 */
export async function fire(
  runtime: TriedRuntime,
  admin: Admin,
  watch: RuntimeWatch,
  plan: TryPlan,
  deadline: number,
  log: (line: string) => void,
): Promise<{ fired: FiredTrigger[]; settled: boolean; owed: string | null }> {
  const fired: FiredTrigger[] = [];
  let state = await settle(runtime, admin, watch, plan.holders, deadline);
  for (const trigger of plan.triggers) {
    if (!state.settled) {
      fired.push({
        ...trigger,
        failed: `not fired: ${runtime.stoppedByItself() ? 'the runtime had stopped' : 'the flows had not settled before the timeout'}`,
      });
      continue;
    }
    const answer = await admin.post(`/inject/${encodeURIComponent(trigger.id)}`);
    fired.push({ ...trigger, failed: answer.status === 200 ? null : `HTTP ${answer.status} ${answer.text}`.trim() });
    const at = Date.now();
    state = await settle(runtime, admin, watch, plan.holders, deadline);
    const took = ((Date.now() - at) / 1000).toFixed(1);
    log(`planbridge release try: fired "${trigger.name}" (${trigger.id}); ${state.settled ? `settled in ${took} s` : `not settled: ${state.owed}`}`);
  }
  return { fired, ...state };
}
