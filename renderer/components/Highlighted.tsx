import type { Range } from '../../shared/search';

/**
 * Text with match ranges wrapped in <mark>. Ranges come from main as UTF-16 offsets; the text is
 * rendered as React text nodes, so nothing from the data is ever parsed as HTML.
 */
export function Highlighted({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  if (ranges.length === 0) return <>{text}</>;
  const sorted = [...ranges].filter(([s, e]) => e > s && s < text.length).sort((a, b) => a[0] - b[0]);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of sorted) {
    const s = Math.max(start, at);
    const e = Math.min(end, text.length);
    if (e <= s) continue;
    if (s > at) parts.push(text.slice(at, s));
    parts.push(<mark key={s}>{text.slice(s, e)}</mark>);
    at = e;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
