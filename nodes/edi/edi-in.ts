import { randomUUID } from 'node:crypto';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { ConfigError, InputError, toPlanbridgeError } from '../lib/errors';
import { PagePacer } from '../lib/backpressure';
import type { Send } from '../lib/run-input';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import { Turns } from '../lib/turns';
import { mountInbound } from '../lib/inbound';
import { usablePartner, type EdiPartnerNode } from './partner-node';
import { inboundPath, receiveFiles, receivedFileName, type InboundRun } from './transport/inbound';

interface EdiInDef extends NodeDef {
  partner: string;
  /** Seconds between looks at the inbound folder; 0: only when a message arrives. */
  pollSeconds: string;
  /** Also accept POST /planbridge/edi/<partner id> with the partner's token. */
  http: boolean;
}

const PREFIX = '/planbridge/edi/';
// The flow normally finishes a file in well under this; a node that never calls done must not stall the folder.
const FLOW_PATIENCE_MS = 120_000;

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function EdiIn(this: Node, def: EdiInDef): void {
    RED.nodes.createNode(this, def);
    let partner: ReturnType<typeof usablePartner>;
    try {
      partner = usablePartner(RED.nodes.getNode(def.partner) as EdiPartnerNode | null);
      if (!partner.inbound) throw new ConfigError(`EDI partner ${partner.profile.id} has no inbound folder`, 'EDI_PARTNER_INVALID');
      if (def.http && partner.inboundToken.length < 16)
        throw new ConfigError('Receiving over HTTP needs a partner token of at least 16 characters', 'EDI_PARTNER_INVALID');
      if (def.http && !/^[A-Za-z0-9._-]+$/.test(partner.profile.id))
        throw new ConfigError(`The partner id "${partner.profile.id}" cannot be part of a URL`, 'EDI_PARTNER_INVALID');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const { profile, files, inbound } = partner;
    const turns = new Turns();
    const pacer = new PagePacer(RED, 1, FLOW_PATIENCE_MS);
    let closed = false;

    // A file is archived only once the flow has finished its message (done called downstream).
    const pass = (emit: Send): Promise<InboundRun> =>
      turns.run(() =>
        receiveFiles(files, inbound, async (file) => {
          if (closed) throw new Error('closing');
          const msg = { payload: file.text, filename: file.path, topic: `edi/${profile.id}`, edi: { partner: profile.id, fileName: file.name } };
          pacer.emit((m) => emit(m), msg);
          await pacer.drain();
        }),
      );
    const summary = (run: InboundRun): string => `${run.handled} file(s)${run.quarantined.length ? `, ${run.quarantined.length} quarantined` : ''}`;
    const report = (run: InboundRun): void => {
      for (const q of run.quarantined) this.warn(`quarantined ${q.file}: ${q.reason}`);
    };
    const background = (): void => {
      pass((m) => this.send(m)).then(
        (run) => {
          report(run);
          if (run.handled || run.quarantined.length) statusOf(this).set(Status.ok(summary(run)));
        },
        (err: unknown) => {
          if (closed) return;
          const error = toPlanbridgeError(err);
          statusOf(this).set(Status.failed(error.code));
          this.warn(`reading ${inbound} failed: ${error.message}`);
        },
      );
    };

    const seconds = Number(def.pollSeconds);
    const timer = Number.isFinite(seconds) && seconds > 0 ? setInterval(background, Math.max(1, seconds) * 1000) : undefined;
    // Files a crash left in processing/ and what arrived while stopped are taken at once.
    setImmediate(() => {
      if (!closed) background();
    });

    this.on('input', (msg, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => {
        const run = await pass(emit);
        report(run);
        return { status: summary(run) };
      });
    });

    // Partners may also post interchanges to POST /planbridge/edi/<partner id>, with the partner's token.
    const unmount = def.http
      ? mountInbound(RED, kit.runtime, {
          path: `${PREFIX}${profile.id}`,
          node: this,
          secret: partner.inboundToken,
          secretIn: 'token',
          body: 'text',
          handle: async ({ body }) => {
            const text = typeof body === 'string' ? body : '';
            if (!text.trim()) throw new InputError('The body holds no interchange', 'EDI_BODY_EMPTY');
            // Stored in the inbound folder before the answer: from then on it is as safe as a dropped file.
            const name = receivedFileName(new Date(), randomUUID());
            await files.writeAtomic(inboundPath(inbound, name), text);
            setImmediate(background);
            return { status: 202, body: { status: 'accepted', file: name } };
          },
        })
      : () => undefined;

    this.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      if (timer) clearInterval(timer);
      unmount();
      done();
    });
  }

  RED.nodes.registerType('edi-in', EdiIn);
}
