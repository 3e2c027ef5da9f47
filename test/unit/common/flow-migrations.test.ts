import { migrateFlows, type FlowNode } from '../../../nodes/common/flow-migrations';

const old = (action: string | undefined, wires: string[][]): FlowNode => ({
  id: `a-${action ?? 'none'}`,
  type: 'pb-approval',
  z: 'tab',
  name: 'n',
  ledger: 'l',
  ...(action === undefined ? {} : { action }),
  maxValue: '250',
  supplierAllowList: '',
  maxChangePercent: '',
  x: 1,
  y: 2,
  wires,
});

describe('flow migrations', () => {
  it('turns the old approval actions into their own node types, keeping the wire of the output each used', () => {
    const { nodes, changed } = migrateFlows([
      old('receive', [['ok'], ['decisions']]),
      old('release', [['execute'], []]),
      old('executed', [[], ['feedback']]),
      old('dashboard', [['widget'], []]),
    ]);
    expect(nodes.map((n) => [n.type, n.wires])).toEqual([
      ['pb-approval', [['ok'], ['decisions']]],
      ['pb-approval-release', [['execute']]],
      ['pb-approval-executed', [['feedback']]],
      ['pb-approval-inbox', [['widget']]],
    ]);
    // The receiving node keeps its rules; the others had none to keep.
    expect(nodes[0]).toEqual({ ...old(undefined, [['ok'], ['decisions']]), id: 'a-receive' });
    expect(nodes[1]).toEqual({ id: 'a-release', type: 'pb-approval-release', z: 'tab', name: 'n', ledger: 'l', x: 1, y: 2, wires: [['execute']] });
    expect(changed).toHaveLength(4);
    expect(changed[1]).toMatch(/^a-release \(pb-approval\): /);
  });

  it('leaves current flows as they are, and running it again changes nothing', () => {
    const once = migrateFlows([old('executed', [[], ['f']]), { id: 'c', type: 'change', wires: [[]] }]);
    const twice = migrateFlows(once.nodes);
    expect(twice.changed).toEqual([]);
    expect(twice.nodes).toEqual(once.nodes);
  });
  it("turns the shipped mqtt out nodes into pb-publish on the shipped ledger, and leaves an analyst's own mqtt out alone", () => {
    const mqttOut = (id: string, broker = 'planbridge-mqtt'): FlowNode => ({
      id,
      type: 'mqtt out',
      z: 'tab',
      name: 'alerts',
      topic: '',
      qos: '1',
      retain: 'false',
      respTopic: '',
      contentType: '',
      userProps: '',
      correl: '',
      expiry: '',
      broker,
      x: 1,
      y: 2,
    });
    const { nodes, changed } = migrateFlows([mqttOut('oe-events'), mqttOut('ne-events'), mqttOut('mine'), mqttOut('se-events', 'other-broker')]);
    expect(nodes[0]).toEqual({
      id: 'oe-events',
      type: 'pb-publish',
      z: 'tab',
      name: 'alerts',
      topic: '',
      qos: '1',
      retain: 'false',
      broker: 'planbridge-mqtt',
      ledger: 'planbridge-ledger',
      operational: true,
      alertAfter: '60',
      maxWaiting: '100000',
      x: 1,
      y: 2,
    });
    expect(nodes[1]).toMatchObject({ type: 'pb-publish', operational: false });
    expect(nodes.slice(2)).toEqual([mqttOut('mine'), mqttOut('se-events', 'other-broker')]);
    expect(changed).toHaveLength(2);
    expect(migrateFlows(nodes).changed).toEqual([]);
  });

  // The finding: pb-audit's setting `status` is the name under which the editor keeps a node's status,
  // so a deploy after a run saved {"text":"2 recorded",...} in its place and the node recorded "transformed".
  it("renames pb-audit's status setting to recordAs, keeping a real value and recovering the shipped one the editor overwrote", () => {
    const audit = (id: string, status: unknown): FlowNode => ({
      id,
      type: 'pb-audit',
      z: 'tab',
      ledger: 'planbridge-ledger',
      status,
      note: '',
      wires: [['x']],
    });
    const overwritten = { fill: 'green', shape: 'dot', text: '2 recorded' };
    const { nodes, changed } = migrateFlows([audit('mine', 'validated'), audit('ne-record', overwritten), audit('other', overwritten)]);
    expect(nodes).toEqual([
      { id: 'mine', type: 'pb-audit', z: 'tab', ledger: 'planbridge-ledger', recordAs: 'validated', note: '', wires: [['x']] },
      { id: 'ne-record', type: 'pb-audit', z: 'tab', ledger: 'planbridge-ledger', recordAs: 'delivered', note: '', wires: [['x']] },
      { id: 'other', type: 'pb-audit', z: 'tab', ledger: 'planbridge-ledger', recordAs: 'transformed', note: '', wires: [['x']] },
    ]);
    expect(changed).toHaveLength(3);
    expect(migrateFlows(nodes).changed).toEqual([]);
  });
});
