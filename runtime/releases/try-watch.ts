import { PlanbridgeError } from '../../nodes/lib/errors';

/** A node error as the editor's debug sidebar receives it (an error a Catch node took is not one). */
export interface NodeErrorEvent {
  id: string;
  tab: string | null;
  type: string;
  name: string | null;
  message: string;
}

export interface RuntimeWatch {
  /** Node errors logged since the watch began. */
  errors: NodeErrorEvent[];
  /** Nodes whose status says they are working right now (planbridge's busy status, a blue dot), with that status. */
  busy(): Array<{ id: string; text: string }>;
  close(): void;
}

interface CommsEvent {
  topic: string;
  data: Record<string, unknown>;
}

// Node-RED's log levels (@node-red/util log): FATAL 10, ERROR 20.
const ERROR_LEVELS = new Set([10, 20]);

/** The log message as the debug channel carries it: an Error arrives encoded (RED.util.encodeObject). */
function text(value: unknown): string {
  if (typeof value === 'string' && value.startsWith('{"__enc__"')) {
    try {
      const encoded = JSON.parse(value) as { type?: string; data?: { name?: string; message?: string } };
      if (encoded.type === 'error' && encoded.data) return `${encoded.data.name ?? 'Error'}: ${encoded.data.message ?? ''}`;
    } catch {
      // Not an encoded object after all: shown as it came.
    }
  }
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'message' in value) return String(value.message);
  return JSON.stringify(value);
}

/**
 * Watches a running instance through the editor's own channel (the /comms websocket, signed in with
 * an admin token): node errors from the `debug` topic and node statuses from `status/#`. Resolves
 * once subscribed, so nothing fired after it is missed.
 */
export function watchRuntime(url: string, token: string, timeoutMs = 10_000): Promise<RuntimeWatch> {
  const errors: NodeErrorEvent[] = [];
  const busy = new Map<string, string>();
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/comms`);
  const onEvent = (event: CommsEvent): void => {
    if (event.topic === 'debug' && ERROR_LEVELS.has(Number(event.data.level))) {
      const d = event.data;
      errors.push({
        id: String(d.id ?? ''),
        tab: typeof d.z === 'string' ? d.z : null,
        type: String(d.type ?? ''),
        name: typeof d.name === 'string' && d.name ? d.name : null,
        message: text(d.msg),
      });
    } else if (event.topic.startsWith('status/')) {
      const id = event.topic.slice('status/'.length);
      if (event.data.fill === 'blue') busy.set(id, String(event.data.text ?? ''));
      else busy.delete(id);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new PlanbridgeError('RELEASE_TRY_WATCH_FAILED', `the editor channel (${url}/comms) did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    };
    socket.addEventListener('open', () => socket.send(JSON.stringify({ auth: token })));
    socket.addEventListener('error', () => fail(new PlanbridgeError('RELEASE_TRY_WATCH_FAILED', `cannot open the editor channel ${url}/comms`)));
    socket.addEventListener('message', (message: MessageEvent) => {
      const parsed = JSON.parse(String(message.data)) as { auth?: string } | CommsEvent[] | CommsEvent;
      if (!Array.isArray(parsed) && 'auth' in parsed) {
        if (parsed.auth !== 'ok') return fail(new PlanbridgeError('RELEASE_TRY_WATCH_FAILED', 'the editor channel refused the admin token'));
        socket.send(JSON.stringify({ subscribe: 'debug' }));
        socket.send(JSON.stringify({ subscribe: 'status/#' }));
        clearTimeout(timer);
        resolve({ errors, busy: () => [...busy].map(([id, text]) => ({ id, text })), close: () => socket.close() });
        return;
      }
      for (const event of Array.isArray(parsed) ? parsed : [parsed as CommsEvent]) if (event?.topic) onEvent(event);
    });
  });
}
