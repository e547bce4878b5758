import { describe, expect, it } from 'vitest';
import { appPageUrl, builtAppUrl, isAppUrl, isPlainMailtoUrl, isSafeExternalUrl } from '../../electron/main/appOrigin';
import { contentSecurityPolicy } from '../../electron/main/contentSecurity';

describe('the app origin', () => {
  it('loads the built renderer from its own scheme unless a dev server is given', () => {
    expect(appPageUrl(undefined)).toBe('textdesk://app/index.html');
    expect(appPageUrl('http://localhost:5173')).toBe('http://localhost:5173');
    expect(appPageUrl('javascript:alert(1)')).toBe(builtAppUrl);
  });

  it('treats any path on the app origin as the app', () => {
    expect(isAppUrl('textdesk://app/index.html#/conversations/4', builtAppUrl)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173/')).toBe(true);
  });

  it.each([
    'textdesk://evil/index.html',
    'textdesk-media://file/index.html',
    'file:///work/out/renderer/index.html',
    'https://app/index.html',
    'textdesk://user:pw@app/index.html',
    'not a url',
    '',
  ])('does not treat %s as the built app', (url) => {
    expect(isAppUrl(url, builtAppUrl)).toBe(false);
  });

  it('tells a dev server on another port from the app', () => {
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', 'http://localhost:5173/')).toBe(false);
  });
});

describe('external links', () => {
  it.each(['https://inkbox.ai/docs', 'http://example.com/a?b=c'])('opens %s in the browser', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id',
    'textdesk://app/index.html',
    'data:text/html,<script>1</script>',
    'mailto:someone@example.com',
    'https://',
    'garbage',
  ])('never opens %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('e-mail links from texts', () => {
  it('opens a plain address in the mail client', () => {
    expect(isPlainMailtoUrl('mailto:desk@example.com')).toBe(true);
  });

  it.each([
    'mailto:desk@example.com?attach=/etc/passwd',
    'mailto:desk@example.com?body=hi',
    'mailto:a@b.com,c@d.com',
    'mailto:desk@localhost',
    'mailto:',
    'mailto:file:///etc/passwd@x.com',
    'https://example.com',
  ])('never opens %s as mail', (url) => {
    expect(isPlainMailtoUrl(url)).toBe(false);
  });
});

describe('the content security policy', () => {
  it('allows scripts only from the app in the built app', () => {
    const csp = contentSecurityPolicy('built');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('takes styles only from the app in the built app, and the dev server\'s injected ones while developing', () => {
    expect(contentSecurityPolicy('built')).toMatch(/style-src 'self'(;|$)/);
    expect(contentSecurityPolicy('dev', 'http://localhost:5173/')).toMatch(/style-src 'self' 'unsafe-inline'/);
  });

  it('lets media come only from the app and the media protocol', () => {
    const csp = contentSecurityPolicy('built');
    expect(csp).toMatch(/img-src 'self' data: blob: textdesk-media:/);
    expect(csp).toMatch(/media-src 'self' blob: textdesk-media:/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('lets the dev server and its hot-reload socket in while developing', () => {
    const csp = contentSecurityPolicy('dev', 'http://localhost:5173/');
    expect(csp).toMatch(/connect-src 'self' http:\/\/localhost:5173 ws:\/\/localhost:5173/);
  });
});
