import { useMemo } from 'react';
import type { Range } from '../../shared/search';
import { formatParty } from '../lib/format';
import { findLinks } from '../lib/links';
import { useApp } from '../storeContext';
import { Highlighted } from './Highlighted';

/** Ranges that fall in [start, end), moved to be relative to start. */
function within(ranges: readonly Range[], start: number, end: number): Range[] {
  const out: Range[] = [];
  for (const [s, e] of ranges) {
    const a = Math.max(s, start);
    const b = Math.min(e, end);
    if (b > a) out.push([a - start, b - start]);
  }
  return out;
}

/**
 * A text with its links live and its search matches marked. Web links open in the system
 * browser (Electron's window-open handler checks they are http(s)); e-mail addresses open the
 * mail client; a phone number opens the conversation with it, or starts one. Links are not tab
 * stops of their own: the thread is one tab stop (see Thread), the links are reached by mouse.
 */
export function LinkedText({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  const links = useMemo(() => findLinks(text), [text]);
  const startConversation = useApp((s) => s.startConversation);
  if (links.length === 0) return <Highlighted text={text} ranges={ranges} />;
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const link of links) {
    if (link.start > at) parts.push(<Highlighted key={`t${at}`} text={text.slice(at, link.start)} ranges={within(ranges, at, link.start)} />);
    const shown = <Highlighted text={text.slice(link.start, link.end)} ranges={within(ranges, link.start, link.end)} />;
    if (link.kind === 'phone') {
      parts.push(
        <a
          key={`l${link.start}`}
          className="text-link"
          href={`tel:${link.e164}`}
          tabIndex={-1}
          title={`Text ${formatParty(link.e164)}`}
          onClick={(event) => {
            event.preventDefault();
            void startConversation(link.e164);
          }}
        >
          {shown}
        </a>,
      );
    } else {
      parts.push(
        <a key={`l${link.start}`} className="text-link" href={link.href} tabIndex={-1} target="_blank" rel="noopener noreferrer" title={link.href}>
          {shown}
        </a>,
      );
    }
    at = link.end;
  }
  if (at < text.length) parts.push(<Highlighted key={`t${at}`} text={text.slice(at)} ranges={within(ranges, at, text.length)} />);
  return <>{parts}</>;
}
