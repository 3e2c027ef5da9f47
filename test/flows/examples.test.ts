import { promises as fs } from 'node:fs';
import path from 'node:path';
import pbValidate from '../../nodes/integration/pb-validate';
import { node, useNodeRed } from '../helpers/node-red';
import { reliabilityNodes } from '../helpers/reliability-flow';
import { odooNodes } from '../helpers/odoo-nodes';
import pbAlert from '../../nodes/integration/pb-alert';
import pbApproval from '../../nodes/integration/pb-approval';
import pbReconcile from '../../nodes/integration/pb-reconcile';
import pbSnapshot from '../../nodes/integration/pb-snapshot';
import pbRunClose from '../../nodes/integration/pb-run-close';
import pbRunOpen from '../../nodes/integration/pb-run-open';
import pbRunPart from '../../nodes/integration/pb-run-part';
import planningConfig from '../../nodes/planning/planning-config';
import planningExport from '../../nodes/planning/planning-export';
import planningFeedback from '../../nodes/planning/planning-feedback';
import planningImport from '../../nodes/planning/planning-import';
import wmsConfig from '../../nodes/wms/wms-config';
import wmsStock from '../../nodes/wms/wms-stock';
import wmsTransfer from '../../nodes/wms/wms-transfer';
import ediPartner from '../../nodes/edi/edi-partner';
import ediParse from '../../nodes/edi/edi-parse';
import ediBuild from '../../nodes/edi/edi-build';
import ediAck from '../../nodes/edi/edi-ack';
import ediIn from '../../nodes/edi/edi-in';
import ediOut from '../../nodes/edi/edi-out';

/* eslint-disable @typescript-eslint/no-require-imports -- Node-RED's core nodes are CommonJS without types */
const coreNodes = [
  require('@node-red/nodes/core/common/20-inject.js'),
  require('@node-red/nodes/core/common/21-debug.js'),
  require('@node-red/nodes/core/common/25-catch.js'),
  require('@node-red/nodes/core/common/24-complete.js'),
  require('@node-red/nodes/core/common/90-comment.js'),
  require('@node-red/nodes/core/function/15-change.js'),
];
/* eslint-enable @typescript-eslint/no-require-imports -- end of the core nodes */

const helper = useNodeRed();
const examplesDir = path.join(__dirname, '..', '..', 'examples');

/** Examples ship without secrets; the editor asks for them. Tests give placeholders. */
function credentialsFor(nodes: Array<{ id: string; type: string }>): Record<string, Record<string, string>> {
  const credentials: Record<string, Record<string, string>> = {};
  for (const n of nodes) {
    if (n.type === 'odoo-config') credentials[n.id] = { login: 'example', apiKey: 'example-key' };
    if (n.type === 'odoo-webhook') credentials[n.id] = { token: 'an-example-token-of-some-length' };
    if (n.type === 'planning-config') credentials[n.id] = { token: 'example-token' };
    if (n.type === 'wms-config') credentials[n.id] = { apiKey: 'example-key', subscriberSecret: 'an-example-push-secret' };
  }
  return credentials;
}

async function exampleFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const system of await fs.readdir(examplesDir)) {
    for (const file of await fs.readdir(path.join(examplesDir, system))) if (file.endsWith('.json')) found.push(path.join(system, file));
  }
  return found.sort();
}

describe('examples', () => {
  it('exist for every node category', async () => {
    expect((await exampleFiles()).length).toBeGreaterThanOrEqual(2);
  });

  it('each loads with every node created and no configuration error', async () => {
    for (const file of await exampleFiles()) {
      // The editor puts imported nodes on the open tab; here they get one of their own.
      const nodes = JSON.parse(await fs.readFile(path.join(examplesDir, file), 'utf8')) as Array<{ id: string; type: string; x?: number; z?: string }>;
      const flow = [{ id: 'example-tab', type: 'tab', label: file }, ...nodes.map((n) => (n.x !== undefined && !n.z ? { ...n, z: 'example-tab' } : n))];
      const errors: unknown[] = [];
      await helper.load(
        [
          pbValidate,
          pbApproval,
          pbAlert,
          pbReconcile,
          pbSnapshot,
          pbRunOpen,
          pbRunPart,
          pbRunClose,
          ...reliabilityNodes,
          ...odooNodes,
          planningConfig,
          planningExport,
          planningImport,
          planningFeedback,
          wmsConfig,
          wmsStock,
          wmsTransfer,
          ediPartner,
          ediParse,
          ediBuild,
          ediAck,
          ediIn,
          ediOut,
          ...coreNodes,
        ],
        flow,
        credentialsFor(nodes),
      );
      // Comment nodes exist only in the editor.
      for (const item of nodes.filter((n) => n.type !== 'comment')) {
        const created = node<{ error: { getCalls(): Array<{ args: unknown[] }> } }>(item.id);
        errors.push(...created.error.getCalls().map((c) => `${file} ${item.type}: ${String(c.args[0])}`));
      }
      expect(errors).toEqual([]);
      await helper.unload();
    }
  });
});
