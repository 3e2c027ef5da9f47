import { buildRelease } from '../../../runtime/releases/bundle';
import type { FlowsNode } from '../../../runtime/releases/catalogue';
import { answerDiffRequest, RELEASE_DIFF_INVALID, RELEASE_DIFF_NOT_LOADED, ReleaseDiffError } from '../../../runtime/releases/diff-request';

const deployed: FlowsNode[] = [
  { id: 't1', type: 'tab', label: 'Nightly export' },
  { id: 'sf', type: 'subflow', name: 'Shape rows', in: [], out: [] },
  { id: 'fn', type: 'function', z: 't1', name: 'shape', func: 'const a = 1;\nmsg.payload = a;\nreturn msg;', x: 100, y: 100, wires: [['dbg']] },
  { id: 'dbg', type: 'debug', z: 't1', name: '', x: 300, y: 100, wires: [] },
  { id: 'inner', type: 'change', z: 'sf', name: 'rename', x: 50, y: 50, wires: [] },
  { id: 'cfg', type: 'ledger-config', name: 'ledger' },
];

/** The editor's flows after an analyst edited the code, dragged the debug node and deleted the change node. */
const editor: FlowsNode[] = [
  deployed[0],
  deployed[1],
  { ...deployed[2], func: 'const a = 2;\nmsg.payload = a;\nreturn msg;' },
  { ...deployed[3], x: 420, y: 160 },
  deployed[5],
  { id: 'note', type: 'comment', z: 't1', name: 'why', x: 80, y: 40, wires: [] },
];

const fails = (body: unknown, loaded: FlowsNode[] | null = deployed): { code: string; status: number } => {
  try {
    answerDiffRequest(body, () => loaded);
  } catch (err) {
    expect(err).toBeInstanceOf(ReleaseDiffError);
    return { code: (err as ReleaseDiffError).code, status: (err as ReleaseDiffError).status };
  }
  throw new Error(`${JSON.stringify(body)} was accepted`);
};

describe('POST /planbridge/releases/diff (answerDiffRequest)', () => {
  it("diffs the deployed flows against the editor's: code as changed lines, a drag as a move, and a label for every node named", () => {
    const answer = answerDiffRequest({ from: 'deployed', to: editor }, () => deployed);
    expect({ added: answer.added, removed: answer.removed, changed: answer.changed, moved: answer.moved }).toEqual({
      added: ['note'],
      removed: ['inner'],
      changed: ['fn'],
      moved: ['dbg'],
    });
    expect(answer.details).toEqual([
      {
        id: 'fn',
        type: 'function',
        name: 'shape',
        settings: [
          {
            setting: 'func',
            before: 'const a = 1;\nmsg.payload = a;\nreturn msg;',
            after: 'const a = 2;\nmsg.payload = a;\nreturn msg;',
            lines: ['@@ -1,2 +1,2 @@', '-const a = 1;', '+const a = 2;', ' msg.payload = a;'],
          },
        ],
      },
    ]);
    expect(answer.from).toEqual({ kind: 'deployed' });
    expect(answer.to).toEqual({ kind: 'flows' });
    expect(answer.nodes).toEqual({
      note: { type: 'comment', name: 'why', z: 't1', tabLabel: 'Nightly export' },
      // Gone from the editor: labelled from the deployed side, its subflow's name as the "tab".
      inner: { type: 'change', name: 'rename', z: 'sf', tabLabel: 'Shape rows' },
      fn: { type: 'function', name: 'shape', z: 't1', tabLabel: 'Nightly export' },
      dbg: { type: 'debug', name: null, z: 't1', tabLabel: 'Nightly export' },
    });
  });

  it("reads a release bundle, says which release it is and whether its checksum holds, and takes Node-RED's {rev, flows}", () => {
    const release = buildRelease({
      flows: editor,
      credentialsTemplate: {},
      version: '2026.12.2',
      message: 'shape with 2',
      author: 'anna',
      at: new Date('2026-12-08T09:00:00Z'),
      modules: { planbridge: { version: '0.1.0', types: ['ledger-config'] }, nodeRed: { version: '5.0.7' }, dashboard: null },
    });
    const answer = answerDiffRequest({ from: 'deployed', to: release }, () => deployed);
    expect(answer.to).toEqual({ kind: 'release', version: '2026.12.2', checksum: release.checksum, verified: true });
    expect(answer.changed).toEqual(['fn']);
    expect(answer.moved).toEqual(['dbg']);

    const tampered = { ...release, flows: release.flows.map((n) => (n.id === 'fn' ? { ...n, func: 'return null;' } : n)) };
    expect(answerDiffRequest({ from: tampered, to: 'deployed' }, () => deployed).from).toMatchObject({ kind: 'release', verified: false });

    const api = answerDiffRequest({ from: { rev: 'abc', flows: deployed }, to: 'deployed' }, () => deployed);
    expect(api.from).toEqual({ kind: 'flows' });
    expect([api.added, api.removed, api.changed, api.moved, api.nodes]).toEqual([[], [], [], [], {}]);
  });

  it('refuses what is not a comparison with RELEASE_DIFF_INVALID (400), and "deployed" before the flows are loaded with RELEASE_DIFF_NOT_LOADED (503)', () => {
    const invalid = { code: RELEASE_DIFF_INVALID, status: 400 };
    expect(fails(undefined)).toEqual(invalid);
    expect(fails([deployed, editor])).toEqual(invalid);
    expect(fails({ from: 'deployed' })).toEqual(invalid);
    expect(fails({ from: 'running', to: editor })).toEqual(invalid);
    expect(fails({ from: 'deployed', to: { nodes: editor } })).toEqual(invalid);
    expect(fails({ from: 'deployed', to: [{ id: 'x', type: 'tab' }, 'not a node'] })).toEqual(invalid);
    expect(fails({ from: 'deployed', to: [{ type: 'debug' }] })).toEqual(invalid);
    expect(fails({ from: 'deployed', to: [deployed[2], { ...deployed[2] }] })).toEqual(invalid);
    expect(fails({ from: 'deployed', to: editor }, null)).toEqual({ code: RELEASE_DIFF_NOT_LOADED, status: 503 });
  });
});
