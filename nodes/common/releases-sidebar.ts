import type { NodeAPI } from 'node-red';
import { answerDiffRequest, ReleaseDiffError } from '../../runtime/releases/diff-request';
import type { FlowsNode } from '../../runtime/releases/catalogue';
import { refuse } from '../lib/http-refusal';

/** The flows the runtime runs now, as deployed (credentials are never part of them); null before the first load. */
function deployedFlows(RED: NodeAPI): FlowsNode[] | null {
  const flows: FlowsNode[] = [];
  try {
    RED.nodes.eachNode((node) => void flows.push(node as unknown as FlowsNode));
  } catch {
    // Node-RED has no active configuration before it loads the flows file: eachNode meets null.
    return null;
  }
  return flows;
}

/**
 * The planbridge-releases-sidebar plugin: the editor's Releases sidebar (releases-sidebar.html) and the
 * endpoint it draws from, POST <admin>/planbridge/releases/diff. The body may be a whole release
 * (several MB): the admin API's JSON parser takes up to settings.apiMaxLength.
 */
export default function register(RED: NodeAPI): void {
  RED.httpAdmin.post('/planbridge/releases/diff', RED.auth.needsPermission('planbridge.read'), (req, res) => {
    try {
      res.json(answerDiffRequest(req.body, () => deployedFlows(RED)));
    } catch (err) {
      if (!(err instanceof ReleaseDiffError)) throw err;
      refuse(res, err.status, err.code, err.message);
    }
  });
  (RED as unknown as { plugins: { registerPlugin(id: string, definition: object): void } }).plugins.registerPlugin('planbridge-releases-sidebar', {
    type: 'planbridge-releases-sidebar',
  });
}
