import { avatarHue, avatarText, isShortCode } from '../lib/format';

export function Avatar({ remote, display, size = 40 }: { remote: string; display: string; size?: number }) {
  const hue = avatarHue(remote);
  return (
    <span
      className={isShortCode(remote) ? 'avatar avatar-short' : 'avatar'}
      style={{ width: size, height: size, ['--hue' as string]: String(hue) }}
      aria-hidden="true"
    >
      {isShortCode(remote) ? '#' : avatarText(display)}
    </span>
  );
}
