import type { NodeMessage } from 'node-red';
import type { BatchInfo, EventEnvelope } from '../canonical/envelope';

/** The properties planbridge reads from or adds to a message, on top of Node-RED's own. */
export interface PlanbridgeMessage extends NodeMessage {
  event?: Partial<EventEnvelope>;
  batch?: BatchInfo;
  [key: string]: unknown;
}

/** The close listener signature the runtime waits for (two parameters: removed, done). */
export type CloseListener = (removed: boolean, done: () => void) => void;
