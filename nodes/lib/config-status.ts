import type { Node, NodeStatus } from 'node-red';
import type { CircuitName, Resilience } from './resilience';
import { Status } from './status';

/**
 * Shows a connector's circuit state on a user node while it is not closed, and removes only its own
 * listener when the node closes (other nodes share the config node).
 */
export function showCircuitState(node: Node, resilience: Resilience, setStatus: (status: NodeStatus) => void): void {
  const onCircuit = (state: CircuitName): void => {
    if (state === 'open') setStatus(Status.connecting('circuit open'));
    else if (state === 'half-open') setStatus(Status.connecting('circuit half-open'));
    else setStatus(Status.ok('circuit closed'));
  };
  resilience.on('circuit', onCircuit);
  node.on('close', (_removed: boolean, done: () => void) => {
    resilience.off('circuit', onCircuit);
    done();
  });
}
