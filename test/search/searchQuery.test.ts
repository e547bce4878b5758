import { describe, expect, it } from 'vitest';
import { segments } from '../../shared/search';
import { hasQueryErrors, parseSearchQuery } from '../../shared/searchQuery';

const words = (query: string) =>
  parseSearchQuery(query).clauses.map((c) => ({ negated: c.negated, terms: c.terms.map((t) => ('prefix' in t && t.prefix ? `${t.text}*` : t.text)) }));

describe('the search query parser', () => {
  it('ANDs words and treats the last one as the prefix being typed', () => {
    expect(words('dentist appoi')).toEqual([
      { negated: false, terms: ['dentist'] },
      { negated: false, terms: ['appoi*'] },
    ]);
  });

  it('stops treating the last word as a prefix once a space follows it', () => {
    expect(words('dentist ')).toEqual([{ negated: false, terms: ['dentist'] }]);
  });

  it('reads quoted phrases, OR groups and exclusions', () => {
    const parsed = parseSearchQuery('"see you soon" invoice OR receipt -spam');
    expect(parsed.clauses.map((c) => [c.negated, c.terms.map((t) => `${t.kind}:${t.text}`)])).toEqual([
      [false, ['phrase:see you soon']],
      [false, ['word:invoice', 'word:receipt']],
      [true, ['word:spam']],
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it('reads every operator into filters', () => {
    const parsed = parseSearchQuery(
      'from:me in:+15551234567 number:2 is:unread has:image before:2026-02-01 after:2026-01-01 hello',
    );
    expect(parsed.filters).toEqual({
      from: { kind: 'me' },
      in: '+15551234567',
      number: '2',
      isRead: false,
      has: 'image',
      before: '2026-02-01',
      after: '2026-01-01',
    });
    expect(parsed.clauses).toHaveLength(1);
  });

  it('normalises a from: phone number written in any format', () => {
    for (const value of ['+15551234567', '5551234567', '"(555) 123-4567"', '555.123.4567', '1-555-123-4567']) {
      expect(parseSearchQuery(`from:${value}`).filters.from).toEqual({ kind: 'party', remote: '+15551234567' });
    }
  });

  it('reads is:read and each has: kind', () => {
    expect(parseSearchQuery('is:read').filters.isRead).toBe(true);
    for (const kind of ['media', 'image', 'video', 'audio', 'file']) {
      expect(parseSearchQuery(`has:${kind}`).filters.has).toBe(kind);
    }
  });

  it('recognises a phone number typed with spaces, brackets or dashes as one term', () => {
    for (const query of ['555 123 4567', '(555) 123-4567', '+1 555-123-4567']) {
      const [clause] = parseSearchQuery(query).clauses;
      expect(clause!.terms).toEqual([expect.objectContaining({ kind: 'phone', e164: '+15551234567', nationalNumber: '5551234567' })]);
    }
  });

  it('keeps short numbers such as years and times as plain words', () => {
    expect(words('2024 10:30')).toEqual([
      { negated: false, terms: ['2024'] },
      { negated: false, terms: ['10:30*'] },
    ]);
  });

  it('searches an unclosed quote as a phrase to the end and warns about it', () => {
    const parsed = parseSearchQuery('meet "at the café');
    expect(parsed.clauses[1]!.terms[0]).toMatchObject({ kind: 'phrase', text: 'at the café' });
    expect(parsed.problems).toEqual([expect.objectContaining({ code: 'unbalanced-quote', severity: 'warning' })]);
    expect(hasQueryErrors(parsed)).toBe(false);
  });

  it('searches an unknown operator as text and warns about it', () => {
    const parsed = parseSearchQuery('subject:invoice');
    expect(parsed.clauses[0]!.terms[0]).toMatchObject({ kind: 'word', text: 'subject:invoice' });
    expect(parsed.problems).toEqual([expect.objectContaining({ code: 'unknown-operator', severity: 'warning' })]);
  });

  it('treats URLs and clock times as text without a warning', () => {
    expect(parseSearchQuery('https://example.com/pay 10:30').problems).toEqual([]);
  });

  it('refuses a bad date and names it', () => {
    const parsed = parseSearchQuery('before:2026-13-45 rent');
    expect(hasQueryErrors(parsed)).toBe(true);
    expect(parsed.problems[0]).toMatchObject({ code: 'bad-date', message: expect.stringContaining('2026-13-45') });
  });

  it('refuses a bad filter value, an empty filter and an excluded filter', () => {
    expect(parseSearchQuery('is:starred').problems[0]).toMatchObject({ code: 'bad-value', severity: 'error' });
    expect(parseSearchQuery('has:gif').problems[0]).toMatchObject({ code: 'bad-value', severity: 'error' });
    expect(parseSearchQuery('from:bob').problems[0]).toMatchObject({ code: 'bad-value', message: expect.stringContaining('bob') });
    expect(parseSearchQuery('from: hi').problems[0]).toMatchObject({ code: 'empty-operator', severity: 'error' });
    expect(parseSearchQuery('-from:me').problems[0]).toMatchObject({ code: 'excluded-operator', severity: 'error' });
  });

  it('ignores a dangling OR with a warning', () => {
    const parsed = parseSearchQuery('OR invoice');
    expect(words('OR invoice')).toEqual([{ negated: false, terms: ['invoice*'] }]);
    expect(parsed.problems).toEqual([expect.objectContaining({ code: 'dangling-or' })]);
  });

  it('never throws on arbitrary input', () => {
    for (const query of ['', '"', '-', '--', ':', 'a:', '""', '-""', 'OR', '" OR "', 'from:"', '\u0000', '(((', '🎉']) {
      expect(() => parseSearchQuery(query)).not.toThrow();
    }
  });
});

describe('segments', () => {
  it('cuts a text at its highlights so a host can print them without markup', () => {
    expect(segments('see the café now', [[8, 12]])).toEqual([
      { text: 'see the ', highlighted: false },
      { text: 'café', highlighted: true },
      { text: ' now', highlighted: false },
    ]);
    expect(segments('ab', [[0, 1], [0, 2], [5, 9]])).toEqual([
      { text: 'a', highlighted: true },
      { text: 'b', highlighted: true },
    ]);
  });
});
