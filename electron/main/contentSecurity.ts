import { mediaScheme } from './mediaHandler';

/**
 * The renderer's Content Security Policy. Scripts only from the app itself; media only from the
 * content-addressed media protocol; no frames, objects, forms or remote connections.
 * Styles only from the app's stylesheet: React and the virtualised lists set element styles
 * through the CSSOM, which CSP does not govern, so the built app needs no 'unsafe-inline' (the
 * browser host serves the same renderer under the same style-src, and the e2e suites fail on any
 * violation). The dev server injects each stylesheet as a <style> element, so dev allows them.
 */
export function contentSecurityPolicy(mode: 'built' | 'dev', devServerUrl?: string): string {
  const media = `${mediaScheme}:`;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : '';
  const devSocket = devOrigin.replace(/^http/, 'ws');
  const directives: Record<string, string> = {
    'default-src': "'none'",
    // The dev server injects an inline React refresh preamble; the built app has none.
    'script-src': mode === 'dev' ? `'self' 'unsafe-inline' ${devOrigin}` : "'self'",
    'style-src': mode === 'dev' ? "'self' 'unsafe-inline'" : "'self'",
    'img-src': `'self' data: blob: ${media}`,
    'media-src': `'self' blob: ${media}`,
    'font-src': "'self' data:",
    'connect-src': mode === 'dev' ? `'self' ${devOrigin} ${devSocket}` : "'self'",
    'object-src': "'none'",
    'frame-src': "'none'",
    'worker-src': "'self' blob:",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value.trim()}`)
    .join('; ');
}
