import { EventEmitter } from 'node:events';
import type { NodeAPI } from 'node-red';
import { PlanbridgeRuntime, runtimeOf, runtimePart } from '../../../nodes/lib/runtime-context';

const red = (settings: object, events: object): NodeAPI => ({ settings, events }) as unknown as NodeAPI;

describe('the planbridge runtime context', () => {
  it('is the one settings.ts hands to Node-RED, for every node module of the runtime', () => {
    const given = new PlanbridgeRuntime();
    // Node-RED gives each module its own copy of the settings, holding the same values.
    expect(runtimeOf(red({ planbridge: given }, new EventEmitter()))).toBe(given);
    expect(runtimeOf(red({ planbridge: given }, new EventEmitter()))).toBe(given);
  });

  it('without planbridge settings, is shared by the modules of one runtime and apart from another runtime', () => {
    const events = new EventEmitter();
    const first = runtimeOf(red({}, events));
    expect(runtimeOf(red({}, events))).toBe(first);
    expect(runtimeOf(red({}, new EventEmitter()))).not.toBe(first);
  });

  it('creates each part once, on first use, per runtime', () => {
    let created = 0;
    const part = runtimePart('counted', () => ({ n: ++created }));
    const a = new PlanbridgeRuntime();
    expect(a.get(part)).toBe(a.get(part));
    expect(new PlanbridgeRuntime().get(part)).not.toBe(a.get(part));
    expect(created).toBe(2);
  });
});
