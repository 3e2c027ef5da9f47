import { Status } from '../../../nodes/lib/status';
import { StatusReporter } from '../../../nodes/lib/status-reporter';
import { fakeNode } from '../../fakes/fake-node';

describe('StatusReporter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shows the first change at once, coalesces a burst and always shows the last status', async () => {
    const node = fakeNode();
    const reporter = new StatusReporter(node);
    reporter.set(Status.ok('1'));
    for (let i = 2; i <= 1000; i++) reporter.set(Status.ok(String(i)));
    expect(node.statuses.map((s) => s.text)).toEqual(['1']);
    jest.advanceTimersByTime(250);
    expect(node.statuses.map((s) => s.text)).toEqual(['1', '1000']);
    await node.closeNow();
  });

  it('skips a status equal to the one shown', async () => {
    const node = fakeNode();
    const reporter = new StatusReporter(node);
    reporter.set(Status.ok('same'));
    jest.advanceTimersByTime(1000);
    reporter.set(Status.ok('same'));
    expect(node.statuses).toHaveLength(1);
    await node.closeNow();
  });

  it('drops a pending update when the node closes', async () => {
    const node = fakeNode();
    const reporter = new StatusReporter(node);
    reporter.set(Status.ok('a'));
    reporter.set(Status.ok('b'));
    await node.closeNow();
    jest.advanceTimersByTime(1000);
    expect(node.statuses.map((s) => s.text)).toEqual(['a']);
  });
});
