import { shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../core/hostInterfaces';
import { isAppUrl, isPlainMailtoUrl, isSafeExternalUrl } from './appOrigin';

/**
 * Web contents hardening (Electron's security checklist): the app page may not navigate
 * elsewhere, open windows, attach webviews or get any permission; http(s) links open in the
 * system browser, everything else is dropped.
 */
export function hardenWebContents(contents: WebContents, pageUrl: string, logger: Logger): void {
  const openOutside = (url: string) => {
    // Web links, and e-mail addresses linked in texts (the address only), go to the system's apps.
    if (isSafeExternalUrl(url) || isPlainMailtoUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => logger.warn('could not open a link', { error: String(error) }));
    } else {
      logger.warn('blocked a link that is not http(s)', { scheme: url.split(':')[0] ?? '' });
    }
  };

  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, pageUrl)) return;
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, pageUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}

/**
 * The permissions the app's page uses, and nothing else: "Copy text" writes the clipboard
 * through navigator.clipboard.writeText, which Chromium gates on clipboard-sanitized-write.
 * No camera, microphone, notifications-from-the-page, geolocation, clipboard reading or devices.
 */
export const usedPermissions: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Grants exactly the used permissions, and only to the app's own page; denies everything else. */
export function allowOnlyUsedPermissions(session: Session, pageUrl: string): void {
  const allowed = (permission: string, requestingUrl: string | undefined) =>
    usedPermissions.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl, pageUrl);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details?.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, details?.requestingUrl || requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/** While developing, the page comes from the Vite server: its responses get the CSP as a header. */
export function applyCspHeader(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}
