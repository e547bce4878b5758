import { isRecord, shortPlainText, type ErrorDetail } from '../http';

/**
 * Inkbox is a FastAPI service; its error bodies are {"detail": ...} where detail is a string,
 * an {error, message} object, or (for request validation) a list of {loc, msg, type}.
 * Rendered into one readable clause for error messages.
 */
export function describeInkboxError(body: unknown): ErrorDetail {
  if (typeof body === 'string') return { text: shortPlainText(body), code: null };
  if (!isRecord(body)) return { text: null, code: null };
  const detail = body['detail'];
  if (typeof detail === 'string') return { text: nonEmpty(detail), code: null };
  if (isRecord(detail)) {
    const code = nonEmpty(detail['error']);
    return { text: nonEmpty(detail['message']) ?? (code === null ? null : humanize(code)), code };
  }
  if (Array.isArray(detail)) return { text: describeValidationList(detail), code: null };
  return { text: null, code: null };
}

function describeValidationList(items: unknown[]): string | null {
  const parts = items.filter(isRecord).map((item) => {
    const message = nonEmpty(item['msg']) ?? 'is invalid';
    const field = fieldName(item['loc']);
    return field === null ? message : `${field}: ${message}`;
  });
  if (parts.length === 0) return null;
  const shown = parts.slice(0, 3).join('; ');
  return parts.length > 3 ? `${shown}; and ${parts.length - 3} more` : shown;
}

/** ["query", "q"] -> "q"; ["body", "is_read"] -> "is_read"; where it came from is noise. */
function fieldName(loc: unknown): string | null {
  if (!Array.isArray(loc)) return null;
  const parts = loc.map(String);
  if (parts.length > 1 && ['body', 'query', 'path', 'header', 'cookie'].includes(parts[0] ?? '')) {
    parts.shift();
  }
  return parts.length === 0 ? null : parts.join('.');
}

function humanize(code: string): string {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
