import type { Conversation } from '../../shared/model';
import { avatarHue, avatarText, conversationName, isShortCode } from '../lib/format';
import { Icon } from './Icon';

/**
 * A conversation's avatar: initials where it has a name (a group's title; contact names when
 * they come), else an icon: a person for a number, people for a group, a hash for a short code.
 * Never digits, which read like an unread count.
 */
export function Avatar({ conversation, size = 40 }: { conversation: Pick<Conversation, 'remote' | 'title' | 'participants' | 'isGroup' | 'remoteName' | 'participantNames'>; size?: number }) {
  const hue = avatarHue(conversation.remote);
  const group = !!conversation.isGroup;
  const short = !group && isShortCode(conversation.remote);
  // A number has no letters, so it gets no initials; an untitled group is named by its members' numbers.
  const initials = group && !conversation.title ? null : avatarText(conversationName(conversation));
  const kind = initials ? 'avatar' : short ? 'avatar avatar-short' : group ? 'avatar avatar-group' : 'avatar avatar-person';
  return (
    // Initials are drawn from data-initials by CSS: decoration, not text, so they are not read
    // out nor counted as the row's visible label.
    <span
      className={kind}
      style={{ width: size, height: size, ['--hue' as string]: String(hue) }}
      aria-hidden="true"
      data-initials={initials ?? (short ? '#' : undefined)}
    >
      {!initials && !short && <Icon name={group ? 'group' : 'contact'} size={Math.round(size * 0.55)} />}
    </span>
  );
}
