import { toPlanbridgeError } from '../lib/errors';
import type { FailureSource, Ledger, LedgerMessage, TrackingInfo } from './ledger';
import { prepareTracked, type TrackOptions } from './track-input';

/**
 * What a start node (pb-track, a webhook) does with new input: check it, persist it, and return its
 * tracking info. Refused input is kept as a dead letter whose replay enters the same node again;
 * the thrown error carries that dead letter's id.
 */
export async function acceptMessage(ledger: Ledger, msg: LedgerMessage, source: FailureSource, options: TrackOptions): Promise<TrackingInfo> {
  try {
    return await ledger.track(msg, source.id, source.z ?? null, prepareTracked(msg, options));
  } catch (err) {
    const error = toPlanbridgeError(err);
    const letter = await ledger.addDeadLetter(msg, error, source, source.id);
    error.cause.deadLetterId = letter.id;
    throw error;
  }
}
