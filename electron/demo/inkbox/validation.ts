/**
 * Request validation that answers the way FastAPI (pydantic v2) does: every problem collected,
 * each with type, loc, msg and input, so a client's 422 handling meets the real shape.
 */

export interface FieldError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export class Validator {
  readonly errors: FieldError[] = [];

  fail(error: FieldError): undefined {
    this.errors.push(error);
    return undefined;
  }

  /** Starlette keeps the last of repeated query parameters. */
  private lastValue(query: URLSearchParams, name: string): string | undefined {
    const values = query.getAll(name);
    return values[values.length - 1];
  }

  queryInt(query: URLSearchParams, name: string, bounds: { default: number; ge: number; le?: number }): number {
    const raw = this.lastValue(query, name);
    if (raw === undefined) return bounds.default;
    const loc = ['query', name];
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
      this.fail({ type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
      return bounds.default;
    }
    const value = Number.parseInt(raw, 10);
    if (value < bounds.ge) {
      this.fail({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${bounds.ge}`, input: raw, ctx: { ge: bounds.ge } });
    } else if (bounds.le !== undefined && value > bounds.le) {
      this.fail({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${bounds.le}`, input: raw, ctx: { le: bounds.le } });
    }
    return value;
  }

  queryBool(query: URLSearchParams, name: string): boolean | undefined {
    const raw = this.lastValue(query, name);
    if (raw === undefined) return undefined;
    const folded = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on', 't', 'y'].includes(folded)) return true;
    if (['false', '0', 'no', 'off', 'f', 'n'].includes(folded)) return false;
    return this.fail({ type: 'bool_parsing', loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', input: raw });
  }

  queryString(query: URLSearchParams, name: string, bounds: { minLength: number; maxLength: number }): string | undefined {
    const raw = this.lastValue(query, name);
    const loc = ['query', name];
    if (raw === undefined) return this.fail({ type: 'missing', loc, msg: 'Field required', input: null });
    // pydantic counts code points, not UTF-16 units.
    const length = [...raw].length;
    if (length < bounds.minLength) {
      const plural = bounds.minLength === 1 ? 'character' : 'characters';
      return this.fail({ type: 'string_too_short', loc, msg: `String should have at least ${bounds.minLength} ${plural}`, input: raw, ctx: { min_length: bounds.minLength } });
    }
    if (length > bounds.maxLength) {
      return this.fail({ type: 'string_too_long', loc, msg: `String should have at most ${bounds.maxLength} characters`, input: raw, ctx: { max_length: bounds.maxLength } });
    }
    return raw;
  }

  /** Path ids are UUIDs; like pydantic, accept any case and the hyphen-less form. */
  pathUuid(value: string, name: string): string | undefined {
    const compact = value.replace(/-/g, '');
    if (/^[0-9a-f]{32}$/i.test(compact) && (value.length === 32 || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))) {
      const hex = compact.toLowerCase();
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    return this.fail({
      type: 'uuid_parsing',
      loc: ['path', name],
      msg: 'Input should be a valid UUID, unable to parse string as a UUID',
      input: value,
    });
  }

  /** The JSON body as an object, or undefined after recording why not. */
  jsonObject(body: string): Record<string, unknown> | undefined {
    if (body.trim() === '') return this.fail({ type: 'missing', loc: ['body'], msg: 'Field required', input: null });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return this.fail({ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return this.fail({ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: parsed });
    }
    return parsed as Record<string, unknown>;
  }

  /** Strict: JSON true or false only, null meaning "not given". */
  bodyBool(body: Record<string, unknown>, name: string, required: boolean): boolean | undefined {
    const value = body[name];
    if (value === undefined || (value === null && !required)) {
      if (required) this.fail({ type: 'missing', loc: ['body', name], msg: 'Field required', input: body });
      return undefined;
    }
    if (typeof value !== 'boolean') return this.fail({ type: 'bool_type', loc: ['body', name], msg: 'Input should be a valid boolean', input: value });
    return value;
  }
}
