export type Endpoint = 'jsonrpc' | 'xmlrpc' | 'json2' | 'web';

/** What one API call was about, as far as the front-end could tell before running it. */
export interface CallInfo {
  endpoint: Endpoint;
  /** common / object / db for RPC; absent for JSON-2 and session calls. */
  service?: string;
  model?: string;
  method?: string;
}

export interface CallCounts {
  total: number;
  byEndpoint: Record<string, number>;
  byModel: Record<string, number>;
  /** "model.method" for ORM calls, "service.method" for common/db. */
  byMethod: Record<string, number>;
  /** "<endpoint> <model.method>" */
  byEndpointMethod: Record<string, number>;
  /** Calls answered by fault injection: "429", "503", "hang", ... */
  faults: Record<string, number>;
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** Counts API calls so benchmarks can report how many round trips a sync needed. */
export class CallCounter {
  private counts: CallCounts = CallCounter.empty();

  private static empty(): CallCounts {
    return { total: 0, byEndpoint: {}, byModel: {}, byMethod: {}, byEndpointMethod: {}, faults: {} };
  }

  record(info: CallInfo): void {
    const c = this.counts;
    c.total++;
    bump(c.byEndpoint, info.endpoint);
    if (info.model) bump(c.byModel, info.model);
    const method = info.model ? `${info.model}.${info.method ?? '?'}` : info.service ? `${info.service}.${info.method ?? '?'}` : info.method;
    if (method) {
      bump(c.byMethod, method);
      bump(c.byEndpointMethod, `${info.endpoint} ${method}`);
    }
  }

  recordFault(kind: string): void {
    bump(this.counts.faults, kind);
  }

  snapshot(): CallCounts {
    return JSON.parse(JSON.stringify(this.counts)) as CallCounts;
  }

  reset(): void {
    this.counts = CallCounter.empty();
  }
}
