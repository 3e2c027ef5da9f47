import type { NodeMessage } from 'node-red';
import { InputError } from '../../../nodes/lib/errors';
import { runInput, type Outgoing } from '../../../nodes/lib/run-input';
import { PlanbridgeRuntime } from '../../../nodes/lib/runtime-context';
import { fakeNode } from '../../fakes/fake-node';

function harness() {
  const node = fakeNode();
  const sent: Outgoing[] = [];
  let resolveDone!: (err?: Error) => void;
  const finished = new Promise<Error | undefined>((resolve) => {
    resolveDone = resolve;
  });
  return { node, sent, send: (m: Outgoing) => sent.push(m), done: (err?: Error) => resolveDone(err), finished };
}

describe('runInput', () => {
  it('sends what synchronous work returns, shows ok with its text and calls done', async () => {
    const h = harness();
    const msg: NodeMessage = { payload: 1 };
    runInput(new PlanbridgeRuntime(), h.node, msg, h.send, h.done, () => ({ send: msg, status: '1 done' }));
    expect(await h.finished).toBeUndefined();
    expect(h.sent).toEqual([msg]);
    expect(h.node.statuses).toEqual([{ fill: 'green', shape: 'dot', text: '1 done' }]);
    await h.node.closeNow();
  });

  it('shows busy while asynchronous work runs', async () => {
    const h = harness();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    runInput(new PlanbridgeRuntime(), h.node, {}, h.send, h.done, async () => {
      await gate;
      return { send: [null, { payload: 2 }] };
    });
    expect(h.node.statuses[0]).toEqual({ fill: 'blue', shape: 'dot', text: undefined });
    release();
    expect(await h.finished).toBeUndefined();
    expect(h.sent).toEqual([[null, { payload: 2 }]]);
    await h.node.closeNow();
  });

  it('turns a thrown error into done(err) with its code and a red status', async () => {
    const h = harness();
    runInput(new PlanbridgeRuntime(), h.node, {}, h.send, h.done, () => {
      throw new InputError('no key', 'KEY_MISSING');
    });
    const err = (await h.finished) as InputError;
    expect(err.code).toBe('KEY_MISSING');
    expect(h.sent).toEqual([]);
    expect(h.node.statuses).toEqual([{ fill: 'red', shape: 'ring', text: 'KEY_MISSING' }]);
    await h.node.closeNow();
  });

  it('turns a rejected promise into done(err), never an unhandled rejection', async () => {
    const h = harness();
    runInput(new PlanbridgeRuntime(), h.node, {}, h.send, h.done, async () => {
      throw new Error('socket hang up');
    });
    const err = (await h.finished) as InputError;
    expect(err.code).toBe('INTERNAL_ERROR');
    expect(err.message).toBe('socket hang up');
    await h.node.closeNow();
  });
});
