import { createContext, useContext, useEffect } from 'react';
import type { MediaInfo } from '../../shared/contract';
import type { Media } from '../../shared/model';
import { errorMessage } from '../client';
import { fileSize, mediaKind } from '../lib/format';
import { useApp, useClient } from '../storeContext';
import { Icon } from './Icon';

/** Opens the lightbox on an image of the thread; provided by Thread. */
export const LightboxContext = createContext<(mediaId: number) => void>(() => {});

export function useMediaInfo(media: Media): MediaInfo | 'loading' | 'failed' | undefined {
  const info = useApp((s) => s.media[media.id]);
  const loadMedia = useApp((s) => s.loadMedia);
  useEffect(() => {
    if (info === undefined) void loadMedia(media.id);
  }, [info, media.id, loadMedia]);
  // Still downloading in main: ask again shortly rather than waiting for an event per file.
  useEffect(() => {
    if (typeof info !== 'object' || info.url !== null || info.state === 'failed') return;
    const timer = setTimeout(() => void loadMedia(media.id, true), 3000);
    return () => clearTimeout(timer);
  }, [info, media.id, loadMedia]);
  return info;
}

export function MediaAttachment({ media }: { media: Media }) {
  const info = useMediaInfo(media);
  const openLightbox = useContext(LightboxContext);
  const loadMedia = useApp((s) => s.loadMedia);
  const kind = mediaKind(media.contentType);
  const url = typeof info === 'object' ? info.url : null;
  const failed = info === 'failed' || (typeof info === 'object' && info.state === 'failed');

  if ((kind === 'image' || kind === 'video' || kind === 'audio') && !url) {
    return (
      <div className={`media-placeholder media-${kind}`}>
        {failed ? (
          <>
            <span>This {kind} could not be downloaded.</span>
            <button type="button" className="link-button" onClick={() => void loadMedia(media.id, true)}>
              Retry
            </button>
          </>
        ) : (
          <span className="shimmer">Loading {kind}…</span>
        )}
      </div>
    );
  }
  if (kind === 'image') {
    return (
      <button type="button" className="media-image" aria-label="Open image" onClick={() => openLightbox(media.id)}>
        <img src={url!} alt="Image attachment" loading="lazy" decoding="async" />
      </button>
    );
  }
  if (kind === 'video') {
    return <video className="media-video" src={url!} controls preload="metadata" aria-label="Video attachment" />;
  }
  if (kind === 'audio') {
    return <audio className="media-audio" src={url!} controls preload="metadata" aria-label="Audio attachment" />;
  }
  return <FileChip media={media} url={url} failed={failed} />;
}

function FileChip({ media, url, failed }: { media: Media; url: string | null; failed: boolean }) {
  const client = useClient();
  const host = useApp((s) => s.info?.host);
  const pushToast = useApp((s) => s.pushToast);
  const kind = mediaKind(media.contentType);
  const name = media.filename ?? (kind === 'vcard' ? 'Contact card.vcf' : kind === 'pdf' ? 'Document.pdf' : 'Attachment');

  async function save() {
    // In a browser the download is the browser's own; the desktop asks main for a save dialog.
    if (host === 'web' && url) {
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      return;
    }
    try {
      const result = await client.call('media:save', { mediaId: media.id });
      if (result.saved) pushToast({ kind: 'info', text: result.path ? `Saved to ${result.path}` : 'Saved' });
    } catch (error) {
      pushToast({ kind: 'error', text: `Could not save: ${errorMessage(error)}` });
    }
  }

  async function addToContacts() {
    try {
      const report = await client.call('contacts:importFromMedia', { mediaId: media.id });
      if (report.imported > 0) pushToast({ kind: 'info', text: `Added ${report.imported === 1 ? 'a number' : `${report.imported} numbers`} to your contacts` });
      else pushToast({ kind: 'error', text: report.problems[0] ?? 'The card has no name and number to add.' });
    } catch (error) {
      pushToast({ kind: 'error', text: `Could not add the contact: ${errorMessage(error)}` });
    }
  }

  return (
    <div className="file-chip">
      <span className="file-icon">
        <Icon name={kind === 'vcard' ? 'contact' : 'file'} size={22} />
      </span>
      <span className="file-meta">
        <span className="file-name">{name}</span>
        <span className="file-size">
          {kind === 'vcard' ? 'Contact card' : kind === 'pdf' ? 'PDF' : media.contentType} · {fileSize(media.size)}
          {failed ? ' · unavailable' : ''}
        </span>
      </span>
      {kind === 'vcard' && (
        <button type="button" className="button small" onClick={() => void addToContacts()} disabled={failed}>
          Add to contacts
        </button>
      )}
      <button type="button" className="icon-button" aria-label={`Save ${name}`} onClick={() => void save()} disabled={!url && host === 'web'}>
        <Icon name="download" />
      </button>
    </div>
  );
}
