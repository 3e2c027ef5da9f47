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
});
