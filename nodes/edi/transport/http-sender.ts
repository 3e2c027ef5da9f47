import { RemoteError, toPlanbridgeError } from '../../lib/errors';
import { createHttpClient, type HttpClient } from '../../lib/http';
import { Resilience, type ResilienceOptions } from '../../lib/resilience';

export interface HttpSenderOptions {
  name: string;
  url: string;
  token?: string;
  timeoutMs: number;
  resilience: ResilienceOptions;
}

export interface Outbound {
  text: string;
  fileName: string;
  controlNumber: string;
  standard: 'x12' | 'edifact';
}

const CONTENT_TYPES = { x12: 'application/edi-x12', edifact: 'application/edifact' } as const;

/** Posts interchanges to a partner's HTTP endpoint under the retry and circuit-breaker policy. */
export class EdiHttpSender {
  readonly resilience: Resilience;
  private readonly http: HttpClient;

  constructor(private readonly options: HttpSenderOptions) {
    this.resilience = new Resilience(options.name, options.resilience, 'EDI');
    this.http = createHttpClient({
      system: 'EDI',
      baseURL: options.url,
      timeoutMs: options.timeoutMs,
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : undefined,
    });
  }

  /** Sends one interchange; the final failure is EDI_TRANSPORT_FAILED with the last error's code. */
  async send(outbound: Outbound): Promise<{ status: number; attempts: number }> {
    let attempts = 0;
    try {
      // A partner recognises a repeated interchange by its control number, so a retry after a lost
      // answer is harmless; it is still only retried when the policy says the call may succeed later.
      const response = await this.resilience.execute((attempt) => {
        attempts = attempt;
        return this.http.request({
          method: 'POST',
          url: '',
          data: outbound.text,
          responseType: 'text',
          headers: {
            'Content-Type': `${CONTENT_TYPES[outbound.standard]}; charset=utf-8`,
            'X-Planbridge-File-Name': outbound.fileName,
            'X-Planbridge-Control-Number': outbound.controlNumber,
          },
          transformRequest: [(data: unknown) => data],
        });
      });
      return { status: response.status, attempts };
    } catch (err) {
      const cause = toPlanbridgeError(err);
      throw new RemoteError('EDI_TRANSPORT_FAILED', `${this.options.name}: the interchange ${outbound.fileName} was not delivered: ${cause.message}`, {
        system: 'EDI',
        status: cause instanceof RemoteError ? cause.status : undefined,
        retryable: cause.retryable,
        attempts: Math.max(attempts, 1),
        details: { reason: cause.code, fileName: outbound.fileName },
      });
    }
  }

  dispose(): void {
    this.http.dispose();
  }
}
