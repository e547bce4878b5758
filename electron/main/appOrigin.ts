/**
 * Where the app's own page lives, and whether a URL belongs to it. Pure, so the sender-frame
 * and navigation checks can be tested without Electron.
 */

/** The renderer is served from this privileged scheme in a built app (see rendererProtocol.ts). */
export const appScheme = 'textdesk';
export const appHost = 'app';
export const builtAppUrl = `${appScheme}://${appHost}/index.html`;

/** The page to load: the Vite dev server while developing, the built renderer otherwise. */
export function appPageUrl(devServerUrl: string | undefined): string {
  return devServerUrl && /^https?:\/\//.test(devServerUrl) ? devServerUrl : builtAppUrl;
}

/**
 * True when url is on the same scheme, host and port as the app's page. Compared field by field
 * because URL.origin is "null" for custom schemes.
 */
export function isAppUrl(url: string, pageUrl: string): boolean {
  const candidate = parse(url);
  const page = parse(pageUrl);
  if (!candidate || !page) return false;
  return (
    candidate.protocol === page.protocol &&
    candidate.hostname === page.hostname &&
    candidate.port === page.port &&
    candidate.username === '' &&
    candidate.password === ''
  );
}

/** Links the system browser may open: http(s) only, never file:, javascript:, or custom schemes. */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
}

/**
 * A plain e-mail link from a text (mailto:name@host), opened by the mail client. Only the
 * address: no query, so a text cannot pre-fill a body, add recipients or ask for attachments.
 */
export function isPlainMailtoUrl(url: string): boolean {
  return /^mailto:[^\s@?#&/\\:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(url) && url.length <= 320;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
