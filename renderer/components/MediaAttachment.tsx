import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { MediaInfo } from '../../shared/contract';
import type { Media } from '../../shared/model';
import { errorMessage } from '../client';
import { fileSize, formatParty, mediaKind, mediaLabel } from '../lib/format';
import { toE164 } from '../lib/links';
import { maxCardBytes, parseContactCards, type ContactCard } from '../lib/vcard';
import { useApp, useClient } from '../storeContext';
import { Icon } from './Icon';

/** Opens the lightbox on a picture or video of the thread; provided by Thread. */
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

export function attachmentName(media: Media): string {
  const kind = mediaKind(media.contentType);
  return media.filename ?? (kind === 'vcard' ? 'Contact card.vcf' : kind === 'pdf' ? 'Document.pdf' : kind === 'video' ? 'Video.mp4' : kind === 'audio' ? 'Audio' : kind === 'image' ? 'Photo' : 'Attachment');
}

/** Saves an attachment: the browser's own download in the web host, main's save dialog on the desktop. */
export function useSaveMedia() {
  const client = useClient();
  const host = useApp((s) => s.info?.host);
  const pushToast = useApp((s) => s.pushToast);
  return useCallback(
    async (media: Media, url: string | null) => {
      if (host === 'web' && url) {
        const link = document.createElement('a');
        link.href = url;
        link.download = attachmentName(media);
        link.click();
        return;
      }
      try {
        const result = await client.call('media:save', { mediaId: media.id });
        if (result.saved) pushToast({ kind: 'info', text: result.path ? `Saved to ${result.path}` : 'Saved' });
      } catch (error) {
        pushToast({ kind: 'error', text: `Could not save: ${errorMessage(error)}` });
      }
    },
    [client, host, pushToast],
  );
}

/**
 * One attachment in a bubble. Pictures and videos get a box of fixed size before their bytes
 * arrive, so a thread's height does not change as they load and the newest text stays in view.
 */
export function MediaAttachment({ media }: { media: Media }) {
  const info = useMediaInfo(media);
  const openLightbox = useContext(LightboxContext);
  const loadMedia = useApp((s) => s.loadMedia);
  const kind = mediaKind(media.contentType);
  const url = typeof info === 'object' ? info.url : null;
  const failed = info === 'failed' || (typeof info === 'object' && info.state === 'failed');
  const noun = mediaLabel(media.contentType).toLowerCase();

  if ((kind === 'image' || kind === 'video' || kind === 'audio') && !url) {
    return (
      <div className={`media-placeholder media-${kind}`}>
        {failed ? (
          <>
            <span>This {noun} could not be downloaded.</span>
            <button type="button" className="link-button" tabIndex={-1} onClick={() => void loadMedia(media.id, true)}>
              Retry
            </button>
          </>
        ) : (
          <span className="shimmer">Loading {noun}…</span>
        )}
      </div>
    );
  }
  if (kind === 'image') {
    return (
      <button type="button" className="media-image" aria-label="Open image" tabIndex={-1} onClick={() => openLightbox(media.id)}>
        <img src={url!} alt="Image attachment" loading="lazy" decoding="async" />
      </button>
    );
  }
  if (kind === 'video') {
    return (
      <button type="button" className="media-video" aria-label="Play video" tabIndex={-1} onClick={() => openLightbox(media.id)}>
        <video src={url!} preload="metadata" muted aria-label="Video attachment" tabIndex={-1} />
        <span className="media-play" aria-hidden="true">
          <Icon name="play" size={28} />
        </span>
      </button>
    );
  }
  if (kind === 'audio') {
    return (
      <div className="media-audio-wrap">
        <span className="media-kind">
          <Icon name="play" size={12} /> Audio · {fileSize(media.size)}
        </span>
        <audio className="media-audio" src={url!} controls preload="metadata" aria-label="Audio attachment" tabIndex={-1} />
      </div>
    );
  }
  if (kind === 'vcard') return <ContactCardView media={media} url={url} failed={failed} />;
  return <FileChip media={media} url={url} failed={failed} />;
}

function ContactCardView({ media, url, failed }: { media: Media; url: string | null; failed: boolean }) {
  const [cards, setCards] = useState<ContactCard[] | null>(null);
  const startConversation = useApp((s) => s.startConversation);
  useEffect(() => {
    if (!url || media.size > maxCardBytes) return;
    let live = true;
    fetch(url)
      .then((response) => (response.ok ? response.text() : ''))
      .then((text) => live && setCards(parseContactCards(text)))
      .catch(() => live && setCards([]));
    return () => {
      live = false;
    };
  }, [url, media.size]);
  const card = cards?.[0];
  if (!card) return <FileChip media={media} url={url} failed={failed} />;
  return (
    <div className="contact-card">
      <span className="file-icon">
        <Icon name="contact" size={22} />
      </span>
      <span className="file-meta">
        <span className="file-name">{card.name ?? 'Contact'}</span>
        {card.numbers.map((number) => {
          const e164 = toE164(number);
          return e164 ? (
            <a
              key={number}
              className="text-link contact-number"
              href={`tel:${e164}`}
              tabIndex={-1}
              title={`Text ${formatParty(e164)}`}
              onClick={(event) => {
                event.preventDefault();
                void startConversation(e164);
              }}
            >
              {formatParty(e164)}
            </a>
          ) : (
            <span key={number} className="file-size">
              {number}
            </span>
          );
        })}
        {card.emails.map((email) => (
          <span key={email} className="file-size">
            {email}
          </span>
        ))}
        {cards.length > 1 && <span className="file-size">and {cards.length - 1} more</span>}
      </span>
      <AddToContactsButton media={media} failed={failed} />
      <SaveButton media={media} url={url} />
    </div>
  );
}

function SaveButton({ media, url }: { media: Media; url: string | null }) {
  const host = useApp((s) => s.info?.host);
  const save = useSaveMedia();
  return (
    <button type="button" className="icon-button" tabIndex={-1} aria-label={`Save ${attachmentName(media)}`} onClick={() => void save(media, url)} disabled={!url && host === 'web'}>
      <Icon name="download" />
    </button>
  );
}

/** A vCard received in a text goes into the local address book. */
function AddToContactsButton({ media, failed }: { media: Media; failed: boolean }) {
  const client = useClient();
  const pushToast = useApp((s) => s.pushToast);
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
    <button type="button" className="button small" tabIndex={-1} onClick={() => void addToContacts()} disabled={failed}>
      Add to contacts
    </button>
  );
}

function FileChip({ media, url, failed }: { media: Media; url: string | null; failed: boolean }) {
  const kind = mediaKind(media.contentType);
  const name = attachmentName(media);
  return (
    <div className="file-chip">
      <span className="file-icon">
        <Icon name={kind === 'vcard' ? 'contact' : 'file'} size={22} />
      </span>
      <span className="file-meta">
        <span className="file-name">{name}</span>
        <span className="file-size">
          {kind === 'file' ? media.contentType : mediaLabel(media.contentType)} · {fileSize(media.size)}
          {failed ? ' · unavailable' : ''}
        </span>
      </span>
      {kind === 'vcard' && <AddToContactsButton media={media} failed={failed} />}
      <SaveButton media={media} url={url} />
    </div>
  );
}
