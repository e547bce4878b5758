import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { getMedia, requeueMedia, touchMediaFile } from '../../cache/media';
import { safeAttachmentName, saveIntoFolder } from '../../media/filename';
import type { HandlerDeps } from './deps';

/** Attachments: their URL once downloaded (a download asked for otherwise), and saving one. */
export function mediaHandlers(deps: HandlerDeps): Pick<Handlers, 'media:get' | 'media:save'> {
  const { ctx } = deps;
  return {
    'media:get': async ({ mediaId }) => {
      const media = getMedia(ctx.db, mediaId);
      if (!media) throw new AppError('NOT_FOUND', `There is no attachment ${mediaId}.`);
      if (media.state === 'cached' && media.hash && ctx.store.path(media.hash)) {
        touchMediaFile(ctx.db, media.hash, Date.now());
        return { ...media, url: ctx.options.mediaUrl(media.hash) };
      }
      if (media.state !== 'pending') {
        // Failed or evicted: the user wants it now, so try again.
        requeueMedia(ctx.db, mediaId);
        deps.startMediaFetch();
        return { ...getMedia(ctx.db, mediaId)!, url: null };
      }
      deps.startMediaFetch();
      return { ...media, url: null };
    },
    'media:save': async ({ mediaId }) => {
      const media = getMedia(ctx.db, mediaId);
      const source = media?.hash ? ctx.store.path(media.hash) : null;
      if (!media || !source) throw new AppError('NOT_FOUND', 'That attachment has not been downloaded yet.');
      const fallback = `attachment-${media.id}${extensionFor(media.contentType)}`;
      const name = safeAttachmentName(media.filename) ?? fallback;
      if (!ctx.options.chooseSavePath) return { saved: true, path: saveIntoFolder(source, join(ctx.options.dataDir, 'downloads'), name, fallback) };
      // The user picked this path in the system dialog, which asked before replacing a file.
      const target = await ctx.options.chooseSavePath(name);
      if (!target) return { saved: false, path: null };
      copyFileSync(source, target);
      return { saved: true, path: target };
    },
  };
}

function extensionFor(contentType: string): string {
  const known: Record<string, string> = {
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'image/gif': '.gif',
    'audio/wav': '.wav',
    'audio/mpeg': '.mp3',
    'video/mp4': '.mp4',
    'text/vcard': '.vcf',
    'text/x-vcard': '.vcf',
    'application/pdf': '.pdf',
  };
  return known[contentType.split(';')[0]!.trim().toLowerCase()] ?? '';
}
