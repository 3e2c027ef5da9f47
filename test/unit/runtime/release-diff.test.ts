import { describeDiff, diffFlows, flowsOf } from '../../../runtime/releases/diff';
import type { FlowsNode } from '../../../runtime/releases/catalogue';

const base: FlowsNode[] = [
  { id: 't', type: 'tab', label: 'export' },
  { id: 'f', type: 'function', z: 't', name: 'shape', func: 'const a = 1;\nmsg.payload = a;\nreturn msg;', x: 100, y: 100, wires: [['v']] },
  { id: 'v', type: 'pb-validate', z: 't', name: '', contract: 'item@1', x: 300, y: 100, wires: [[]] },
  { id: 'm', type: 'debug', z: 't', name: 'look', x: 500, y: 100, wires: [] },
  { id: 'gone', type: 'comment', z: 't', name: 'old note', x: 100, y: 40, wires: [] },
];

describe('release diff', () => {
  it('tells added, removed, changed and only-moved nodes apart, with code as changed lines and contract changes', () => {
    const next: FlowsNode[] = [
      base[0],
      { ...base[1], func: 'const a = 2;\nmsg.payload = a;\nreturn msg;' },
      { ...base[2], contract: 'stock_snapshot@1' },
      { ...base[3], x: 640, y: 180 },
      { id: 'new', type: 'pb-run-open', z: 't', x: 50, y: 300, wires: [[]] },
    ];
    const diff = diffFlows(base, next);
    expect({ added: diff.added, removed: diff.removed, changed: diff.changed, moved: diff.moved }).toEqual({
      added: ['new'],
      removed: ['gone'],
      changed: ['f', 'v'],
      moved: ['m'],
    });
    const code = diff.details.find((d) => d.id === 'f')?.settings[0];
    expect(code).toMatchObject({ setting: 'func' });
    expect(code?.lines).toEqual(['@@ -1,2 +1,2 @@', '-const a = 1;', '+const a = 2;', ' msg.payload = a;']);
    expect(diff.details.find((d) => d.id === 'v')?.settings).toEqual([{ setting: 'contract', before: 'item@1', after: 'stock_snapshot@1' }]);
    expect(diff.contracts).toEqual({ added: ['stock_snapshot@1'], removed: ['item@1'] });
    const text = describeDiff(diff, new Map([...base, ...next].map((n) => [n.id, n])));
    expect(text).toContain('~ changed f (function "shape")');
    expect(text).toContain('      -const a = 1;');
    expect(text).toContain('> moved   m (debug "look")');
  });

  it('finds nothing between a flows file and itself, and reads a bundle as well as a flows file', () => {
    expect(diffFlows(base, JSON.parse(JSON.stringify(base)) as FlowsNode[])).toEqual({
      added: [],
      removed: [],
      changed: [],
      moved: [],
      details: [],
      contracts: { added: [], removed: [] },
    });
    expect(flowsOf({ format: 'planbridge-release@1', flows: base })).toBe(base);
    expect(() => flowsOf({ nodes: [] })).toThrow(/Neither a flows file/);
    expect(describeDiff(diffFlows(base, base), new Map())).toBe('no difference');
  });
});
