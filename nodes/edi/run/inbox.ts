import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { PagePacer } from '../../lib/backpressure';
import { ConfigError, InputError } from '../../lib/errors';
import type { FileStore } from '../../lib/files/file-store';
import type { OperationalSignals } from '../../lib/operational-signals';
import type { Send } from '../../lib/run-input';
import { Turns } from '../../lib/turns';
import { EDI_LIMITS, type PartnerProfile } from '../partners/types';
import { inboundPath, receiveFiles, receivedFileName, type InboundRun, type QuarantinedInbound } from '../transport/inbound';

export interface InboxSettings {
  profile: PartnerProfile;
  files: FileStore;
  /** The partner's inbound folder. */
  inbound: string;
  /** Whether the partner may also POST interchanges, and the token it must present. */
  http: boolean;
  inboundToken: string;
}

/** What edi-in needs of its partner; throws a ConfigError (EDI_PARTNER_INVALID) otherwise. */
export function checkInbox(settings: InboxSettings): void {
  if (!settings.inbound) throw new ConfigError(`EDI partner ${settings.profile.id} has no inbound folder`, 'EDI_PARTNER_INVALID');
  if (!settings.http) return;
  if (settings.inboundToken.length < 16) throw new ConfigError('Receiving over HTTP needs a partner token of at least 16 characters', 'EDI_PARTNER_INVALID');
  if (!/^[A-Za-z0-9._-]+$/.test(settings.profile.id))
    throw new ConfigError(`The partner id "${settings.profile.id}" cannot be part of a URL`, 'EDI_PARTNER_INVALID');
}

/**
 * What edi-in does with a file it set aside: a log line, and a `file-quarantined` signal, so every
 * quarantined supplier file raises its own file_quarantined alert with the reason and the partner.
 */
export function quarantineReporter(
  signals: OperationalSignals,
  node: { id: string; type: string; name?: string; warn(text: string): void },
  settings: Pick<InboxSettings, 'profile' | 'inbound'>,
): (file: QuarantinedInbound) => void {
  return (q) => {
    node.warn(`quarantined ${q.file}: ${q.reason}`);
    signals.emit('file-quarantined', {
      source: { id: node.id, type: node.type, name: node.name },
      system: 'edi',
      partner: settings.profile.id,
      file: q.file,
      kept: q.kept,
      folder: path.join(settings.inbound, 'quarantine'),
      code: q.code,
      reason: q.reason,
      at: Date.now(),
    });
  };
}

export function runSummary(run: InboundRun): string {
  return `${run.handled} file(s)${run.quarantined.length ? `, ${run.quarantined.length} quarantined` : ''}`;
}

/**
 * A partner's inbound folder, read one pass at a time: each file goes into the flow as one message and
 * is archived only once the flow has finished with it (the pacer counts it until done is called
 * downstream); a file that cannot be read is quarantined with its reason.
 */
export class PartnerInbox {
  private readonly turns = new Turns();
  private closed = false;

  constructor(
    private readonly settings: InboxSettings,
    private readonly pacer: PagePacer,
    private readonly onQuarantined?: (file: QuarantinedInbound) => void,
  ) {}

  /** One pass over the folder, sending each file's message through `emit`. */
  pass(emit: Send): Promise<InboundRun> {
    const { files, inbound, profile } = this.settings;
    return this.turns.run(() =>
      receiveFiles(
        files,
        inbound,
        async (file) => {
          if (this.closed) throw new Error('closing');
          const msg = { payload: file.text, filename: file.path, topic: `edi/${profile.id}`, edi: { partner: profile.id, fileName: file.name } };
          this.pacer.emit((m) => emit(m), msg);
          await this.pacer.drain();
        },
        { ...EDI_LIMITS, ...profile.limits },
        this.onQuarantined,
      ),
    );
  }

  /** An interchange posted over HTTP, stored in the inbound folder before the answer: from then on it is as safe as a dropped file. */
  async receive(body: unknown): Promise<string> {
    const text = typeof body === 'string' ? body : '';
    if (!text.trim()) throw new InputError('The body holds no interchange', 'EDI_BODY_EMPTY');
    const name = receivedFileName(new Date(), randomUUID());
    await this.settings.files.writeAtomic(inboundPath(this.settings.inbound, name), text);
    return name;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
  }
}
