import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { Media } from '../../shared/model';
import { mediaKind } from '../lib/format';
import { useApp } from '../storeContext';
import { Icon } from './Icon';
import { useSaveMedia } from './MediaAttachment';
import { useModal } from './useModal';

const zoomSteps = [1, 1.5, 2, 3, 4] as const;

/**
 * Full-window viewer for the thread's pictures and videos: ←/→ move, +/− and 0 zoom, Esc
 * closes, the attachment can be saved; focus is trapped and returned.
 */
export function Lightbox({ items, index, onIndex, onClose }: { items: Media[]; index: number; onIndex: (i: number) => void; onClose: () => void }) {
  const media = items[index];
  const info = useApp((s) => (media ? s.media[media.id] : undefined));
  const { ref, trapTab } = useModal<HTMLDivElement>();
  const [zoom, setZoom] = useState(0);
  const save = useSaveMedia();
  const url = typeof info === 'object' ? info.url : null;
  const video = media ? mediaKind(media.contentType) === 'video' : false;
  const noun = video ? 'Video' : 'Image';

  function go(next: number) {
    setZoom(0);
    onIndex(Math.max(0, Math.min(items.length - 1, next)));
  }

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowLeft') go(index - 1);
    else if (event.key === 'ArrowRight') go(index + 1);
    else if ((event.key === '+' || event.key === '=') && !video) setZoom((z) => Math.min(zoomSteps.length - 1, z + 1));
    else if (event.key === '-' && !video) setZoom((z) => Math.max(0, z - 1));
    else if (event.key === '0') setZoom(0);
    else if (event.key === 'Tab') {
      trapTab(event);
      return;
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  const scale = zoomSteps[zoom]!;
  // Portalled to <body> so no ancestor's stacking context can show through.
  return createPortal(
    <div ref={ref} className="lightbox" role="dialog" aria-modal="true" aria-label={video ? 'Video viewer' : 'Image viewer'} onKeyDown={onKeyDown} onClick={onClose}>
      <div className="lightbox-bar" onClick={(e) => e.stopPropagation()}>
        <span className="lightbox-count">
          {index + 1} of {items.length}
        </span>
        {!video && (
          <>
            <button type="button" className="icon-button" aria-label="Zoom out" disabled={zoom === 0} onClick={() => setZoom((z) => Math.max(0, z - 1))}>
              <Icon name="zoomOut" />
            </button>
            <span className="lightbox-zoom" aria-live="polite">
              {Math.round(scale * 100)}%
            </span>
            <button type="button" className="icon-button" aria-label="Zoom in" disabled={zoom === zoomSteps.length - 1} onClick={() => setZoom((z) => Math.min(zoomSteps.length - 1, z + 1))}>
              <Icon name="zoomIn" />
            </button>
          </>
        )}
        {media && (
          <button type="button" className="icon-button" aria-label={`Save ${noun.toLowerCase()}`} disabled={!url} onClick={() => void save(media, url)}>
            <Icon name="download" />
          </button>
        )}
        <button type="button" className="icon-button" aria-label={video ? 'Close video viewer' : 'Close image viewer'} onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      <button
        type="button"
        className="lightbox-nav lightbox-prev"
        aria-label="Previous"
        disabled={index === 0}
        onClick={(e) => {
          e.stopPropagation();
          go(index - 1);
        }}
      >
        <Icon name="left" size={28} />
      </button>
      <div className={zoom > 0 ? 'lightbox-stage is-zoomed' : 'lightbox-stage'} onClick={(e) => e.stopPropagation()}>
        {url &&
          (video ? (
            <video className="lightbox-video" src={url} controls autoPlay aria-label={`${noun} ${index + 1} of ${items.length}`} />
          ) : (
            <img
              className="lightbox-image"
              src={url}
              alt={`${noun} ${index + 1} of ${items.length}`}
              style={zoom > 0 ? { maxWidth: 'none', maxHeight: 'none', width: `${scale * 100}%` } : undefined}
              onClick={() => setZoom((z) => (z === 0 ? 2 : 0))}
            />
          ))}
      </div>
      <button
        type="button"
        className="lightbox-nav lightbox-next"
        aria-label="Next"
        disabled={index >= items.length - 1}
        onClick={(e) => {
          e.stopPropagation();
          go(index + 1);
        }}
      >
        <Icon name="right" size={28} />
      </button>
    </div>,
    document.body,
  );
}
