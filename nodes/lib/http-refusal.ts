import type { Response } from 'express';

/**
 * The one error body of planbridge's HTTP surface (the perimeter and every inbound endpoint):
 * `{"error":{"code","message"}}` with a stable code, nothing of the server's insides.
 */
export function refuse(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.status(status).set(headers).json({ error: { code, message } });
}

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** What a body parser's failure (body-parser's `type`) means to the caller; undefined for any other error. */
export function bodyRefusal(err: unknown): Refusal | undefined {
  switch ((err as { type?: string } | undefined)?.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'BODY_INVALID', message: 'The request body could not be parsed' };
    case 'entity.too.large':
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is over the limit' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'CONTENT_TYPE_UNSUPPORTED', message: 'The body encoding is not supported' };
    case 'request.aborted':
      return { status: 400, code: 'REQUEST_ABORTED', message: 'The request was aborted' };
    default:
      return undefined;
  }
}
