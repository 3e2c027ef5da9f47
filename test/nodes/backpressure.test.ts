import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { PagePacer } from '../../nodes/lib/backpressure';
import { node, useNodeRed } from '../helpers/node-red';

const helper = useNodeRed();
const PAGES = 20;

/** A reader that emits PAGES pages through a pacer when it receives anything. */
function pagedSource(RED: NodeAPI): void {
  RED.nodes.registerType('paged-source', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const pacer = new PagePacer(RED, 4, 60_000);
    this.on('input', (_msg: NodeMessage, send: (m: NodeMessage) => void, done: () => void) => {
      (async () => {
        for (let seq = 1; seq <= PAGES; seq++) {
          pacer.emit(send, { payload: seq });
          await pacer.ready();
        }
        this.emit('emitted');
        done();
      })().catch(done);
    });
  });
}

/** A target that holds every page until the test lets it finish (a modern node: it takes done). */
function slowTarget(RED: NodeAPI): void {
  RED.nodes.registerType('slow-target', function (this: Node & { held: Array<() => void> }, def: NodeDef) {
    RED.nodes.createNode(this, def);
    this.held = [];
    this.on('input', (_msg: NodeMessage, _send: unknown, done: () => void) => {
      this.held.push(done);
      this.emit('held');
    });
  });
}

/** A target written before Node-RED 1.0: its handler takes no done. */
function legacyTarget(RED: NodeAPI): void {
  RED.nodes.registerType('legacy-target', function (this: Node & { seen: number }, def: NodeDef) {
    RED.nodes.createNode(this, def);
    this.seen = 0;
    this.on('input', () => {
      this.seen += 1;
      if (this.seen === PAGES) this.emit('all');
    });
  });
}

/** A node that fails every message (a Catch node then gets a copy of it). */
function failingNode(RED: NodeAPI): void {
  RED.nodes.registerType('failing-node', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    this.on('input', (_msg: NodeMessage, _send: unknown, done: (err?: Error) => void) => done(new Error('refused')));
  });
}

/** A node that passes the very message object it received on, then reports done. */
function passThrough(RED: NodeAPI): void {
  RED.nodes.registerType('pass-through', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    this.on('input', (msg: NodeMessage, send: (m: NodeMessage) => void, done: () => void) => {
      send(msg);
      done();
    });
  });
}

/* eslint-disable @typescript-eslint/no-require-imports -- a core node, CommonJS without types */
const catchNode = require('@node-red/nodes/core/common/25-catch.js') as (RED: NodeAPI) => void;
/* eslint-enable @typescript-eslint/no-require-imports -- end of the core node */

/** Lets the event loop turn a few times: enough for a fifth page to be sent if the pacer allowed it. */
async function settleTurns(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('PagePacer: a paging node waits for the flow behind it', () => {
  it("counts deliveries, not message objects: a node passing its message on, and a Catch node's copy, finish nothing early", async () => {
    await helper.load([pagedSource, slowTarget, failingNode, passThrough, catchNode], [
      { id: 'tab', type: 'tab' },
      { id: 'source', z: 'tab', type: 'paged-source', wires: [['pass', 'fails']] },
      { id: 'pass', z: 'tab', type: 'pass-through', wires: [['target']] },
      { id: 'fails', z: 'tab', type: 'failing-node', wires: [] },
      { id: 'catch', z: 'tab', type: 'catch', scope: ['fails'], uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'pass-through', wires: [] },
      { id: 'target', z: 'tab', type: 'slow-target', wires: [] },
    ] as never);
    const target = node<Node & { held: Array<() => void> }>('target');
    const emitted = new Promise((resolve) => node('source').once('emitted', resolve as never));
    node('source').receive({});
    while (target.held.length < 4) await new Promise((resolve) => target.once('held', resolve as never));
    await settleTurns();
    // The pass-through and the failing node are done with all four, and the Catch path too; the target is not.
    expect(target.held.length).toBe(4);
    let finished = 0;
    while (finished < PAGES) {
      while (!target.held.length) await new Promise((resolve) => target.once('held', resolve as never));
      expect(target.held.length).toBeLessThanOrEqual(4);
      target.held.shift()!();
      finished += 1;
    }
    await emitted;
  });

  it('keeps at most four pages unfinished, and goes on as the target finishes them', async () => {
    await helper.load([pagedSource, slowTarget], [
      { id: 'source', type: 'paged-source', wires: [['target']] },
      { id: 'target', type: 'slow-target', wires: [] },
    ] as never);
    const target = node<Node & { held: Array<() => void> }>('target');
    let finished = 0;
    const emitted = new Promise((resolve) => node('source').once('emitted', resolve as never));
    node('source').receive({});
    // Four pages reach the target; a fifth is not sent while they are unfinished.
    while (target.held.length < 4) await new Promise((resolve) => target.once('held', resolve as never));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(target.held.length).toBe(4);
    while (finished < PAGES) {
      while (!target.held.length) await new Promise((resolve) => target.once('held', resolve as never));
      expect(target.held.length).toBeLessThanOrEqual(4);
      target.held.shift()!();
      finished += 1;
    }
    await emitted;
  });

  it('does not wait on a target that never reports done', async () => {
    await helper.load([pagedSource, legacyTarget], [
      { id: 'source', type: 'paged-source', wires: [['target']] },
      { id: 'target', type: 'legacy-target', wires: [] },
    ] as never);
    const all = new Promise((resolve) => node('target').once('all', resolve as never));
    const emitted = new Promise((resolve) => node('source').once('emitted', resolve as never));
    node('source').receive({});
    await Promise.all([all, emitted]);
  });
});
