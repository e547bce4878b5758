import { isRecord, shortPlainText, type ErrorDetail } from '../http';

/** Heymarket's error bodies are {error, message}; message is the readable part. */
export function describeHeymarketError(body: unknown): ErrorDetail {
  if (typeof body === 'string') return { text: shortPlainText(body), code: null };
  if (!isRecord(body)) return { text: null, code: null };
  const message = nonEmpty(body['message']);
  const error = nonEmpty(body['error']);
  return { text: message ?? error, code: null };
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
