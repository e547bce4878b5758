import { avatarHue, avatarText, isShortCode } from '../lib/format';
import { Icon } from './Icon';

export function Avatar({ remote, display, size = 40, group = false }: { remote: string; display: string; size?: number; group?: boolean }) {
  const hue = avatarHue(remote);
  const short = !group && isShortCode(remote);
  return (
    <span
      className={short ? 'avatar avatar-short' : group ? 'avatar avatar-group' : 'avatar'}
      style={{ width: size, height: size, ['--hue' as string]: String(hue) }}
      aria-hidden="true"
    >
      {group ? <Icon name="contact" size={Math.round(size * 0.5)} /> : short ? '#' : avatarText(display)}
    </span>
  );
}
