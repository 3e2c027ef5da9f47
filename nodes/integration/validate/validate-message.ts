import type { PlanbridgeMessage } from '../../lib/types';
import type { InputResult } from '../../lib/run-input';
import { derivedBatch } from '../../canonical/envelope';
import type { RecordChecker } from '../../canonical/rules';
import type { Metrics } from '../../lib/metrics';
import { splitPage, type Rejection } from './split-page';

export interface ValidationCounts {
  valid: number;
  invalid: number;
}

/**
 * Output 1 carries what passed (a page always leaves output 1, even empty, so batch sequence and the
 * last-page marker survive); output 2 carries the rejections with their problems. The incoming msg
 * is reused for output 1; output 2 gets a shallow copy with its own event, batch and validation.
 */
/** `problems` is the runtime's planbridge_validation_problems_total counter. */
export function validateMessage(
  msg: PlanbridgeMessage,
  checker: RecordChecker,
  totals: ValidationCounts,
  problems: Metrics['validationProblems'],
): InputResult {
  const split = splitPage(msg.payload, checker);
  const invalid = split.rejected.length;
  const valid = split.total - invalid;
  totals.valid += valid;
  totals.invalid += invalid;
  if (invalid) countProblems(problems, checker.contract.ref, split.rejected);

  const validation = { contract: checker.contract.ref, total: split.total, valid, invalid };
  const event = { ...msg.event, dataschema: checker.contract.dataschema };

  let failed: PlanbridgeMessage | null = null;
  if (invalid) {
    failed = { ...msg, payload: split.rejected, event: { ...event }, validation: { ...validation } };
    if (msg.batch) failed.batch = derivedBatch(msg.batch, invalid);
  }

  let passed: PlanbridgeMessage | null = null;
  if (split.isPage || valid === 1) {
    passed = msg;
    passed.event = event;
    passed.validation = validation;
    if (split.isPage && invalid) {
      passed.payload = split.valid;
      if (msg.batch) passed.batch = derivedBatch(msg.batch, valid);
      // Where and why, without the records, so one message can answer a caller (an http response).
      passed.validation = { ...validation, rejected: split.rejected.map(({ index, problems }) => ({ index, problems })) };
    }
  }

  return { send: [passed, failed], status: `${totals.valid} valid, ${totals.invalid} invalid` };
}

/** Adds every problem found to planbridge_validation_problems_total{contract, rule}: one increment per rule and page. */
function countProblems(counter: Metrics['validationProblems'], contract: string, rejected: readonly Rejection[]): void {
  const byRule = new Map<string, number>();
  for (const { problems } of rejected) {
    for (const problem of problems) byRule.set(problem.rule, (byRule.get(problem.rule) ?? 0) + 1);
  }
  for (const [rule, count] of byRule) counter.inc({ contract, rule }, count);
}
