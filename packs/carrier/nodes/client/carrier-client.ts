import { createHttpClient, InputError, Resilience, resilienceFrom, type HttpClient, type ResilienceOptions } from 'planbridge/kit';

/** What the carrier answers for one page of shipments changed since a cursor. */
export interface ShipmentPage {
  shipments: unknown[];
  next_cursor: string | null;
}

/** The fields of carrier-config, as the editor saves them. */
export interface CarrierFields extends Partial<Record<keyof ResilienceOptions, string>> {
  name?: string;
  baseUrl: string;
  timeoutMs: string;
}

/** The carrier's tracking API: one client per config node, every call under the connection's retries and circuit. No node-red import. */
export class CarrierClient {
  readonly resilience: Resilience;
  /** The carrier's name, as shipment_eta@1 records carry it. */
  readonly carrier: string;
  private readonly http: HttpClient;

  constructor(fields: CarrierFields, apiKey: string) {
    if (!/^https?:\/\//.test(fields.baseUrl ?? ''))
      throw new InputError(`The base URL must start with http:// or https://, got "${fields.baseUrl ?? ''}"`, 'CONFIG_INVALID');
    this.carrier = fields.name || new URL(fields.baseUrl).host;
    this.http = createHttpClient({
      system: 'CARRIER',
      baseURL: fields.baseUrl,
      timeoutMs: Number(fields.timeoutMs) || 30_000,
      headers: { 'X-Api-Key': apiKey },
    });
    this.resilience = new Resilience(this.carrier, resilienceFrom(fields), 'CARRIER');
  }

  /** One page of shipments changed since the cursor (null: from the start). */
  shipments(cursor: string | null, limit: number): Promise<ShipmentPage> {
    return this.resilience.execute(async () => {
      const response = await this.http.request<ShipmentPage>({ method: 'GET', url: '/v1/shipments', params: { limit, ...(cursor ? { cursor } : {}) } });
      return response.data;
    });
  }

  dispose(): void {
    this.http.dispose();
  }
}
