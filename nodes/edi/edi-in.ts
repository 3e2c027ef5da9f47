import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { PagePacer } from '../lib/backpressure';
import { toPlanbridgeError } from '../lib/errors';
import { mountInbound } from '../lib/inbound';
import { operationalSignals } from '../lib/operational-signals';
import type { Send } from '../lib/run-input';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import { usablePartner, type EdiPartnerNode } from './partner-node';
import { checkInbox, PartnerInbox, quarantineReporter, runSummary, type InboxSettings } from './run/inbox';

interface EdiInDef extends NodeDef {
  partner: string;
  /** Seconds between looks at the inbound folder; 0: only when a message arrives. */
  pollSeconds: string;
  /** Also accept POST /planbridge/edi/<partner id> with the partner's token. */
  http: boolean;
}

// The flow normally finishes a file in well under this; a node that never calls done must not stall the folder.
const FLOW_PATIENCE_MS = 120_000;

/** Takes a partner's interchanges from its inbound folder (and, optionally, over HTTP), one message per file. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function EdiIn(this: Node, def: EdiInDef): void {
    RED.nodes.createNode(this, def);
    let settings: InboxSettings;
    try {
      const partner = usablePartner(RED.nodes.getNode(def.partner) as EdiPartnerNode | null);
      settings = { profile: partner.profile, files: partner.files, inbound: partner.inbound, http: Boolean(def.http), inboundToken: partner.inboundToken };
      checkInbox(settings);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const inbox = new PartnerInbox(settings, new PagePacer(RED, 1, FLOW_PATIENCE_MS), quarantineReporter(operationalSignals(kit.runtime), this, settings));
    const pass = (emit: Send) => inbox.pass(emit);
    const background = (): void => {
      pass((m) => this.send(m)).then(
        (run) => run.handled + run.quarantined.length > 0 && statusOf(this).set(Status.ok(runSummary(run))),
        (err: unknown) => {
          if (inbox.isClosed) return;
          const error = toPlanbridgeError(err);
          statusOf(this).set(Status.failed(error.code));
          this.warn(`reading ${settings.inbound} failed: ${error.message}`);
        },
      );
    };
    const seconds = Number(def.pollSeconds);
    const timer = Number.isFinite(seconds) && seconds > 0 ? setInterval(background, Math.max(1, seconds) * 1000) : undefined;
    // Files a crash left in processing/ and what arrived while stopped are taken at once.
    setImmediate(() => !inbox.isClosed && background());

    this.on('input', (msg, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => ({ status: runSummary(await pass(emit)) }));
    });
    const unmount = def.http
      ? mountInbound(RED, kit.runtime, {
          path: `/planbridge/edi/${settings.profile.id}`,
          node: this,
          secret: settings.inboundToken,
          secretIn: 'token',
          body: 'text',
          handle: async ({ body }) => {
            const file = await inbox.receive(body);
            setImmediate(background);
            return { status: 202, body: { status: 'accepted', file } };
          },
        })
      : () => undefined;
    this.on('close', (_removed: boolean, done: () => void) => {
      inbox.close();
      if (timer) clearInterval(timer);
      unmount();
      done();
    });
  }

  RED.nodes.registerType('edi-in', EdiIn);
}
