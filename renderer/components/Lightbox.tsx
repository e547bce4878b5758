import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { Media } from '../../shared/model';
import { useApp } from '../storeContext';
import { Icon } from './Icon';

/** Full-window image viewer: ←/→ move through the thread's images, Esc closes, focus is trapped. */
export function Lightbox({ images, index, onIndex, onClose }: { images: Media[]; index: number; onIndex: (i: number) => void; onClose: () => void }) {
  const media = images[index];
  const info = useApp((s) => (media ? s.media[media.id] : undefined));
  const closeRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    returnFocus.current = document.activeElement;
    closeRef.current?.focus();
    return () => {
      if (returnFocus.current instanceof HTMLElement) returnFocus.current.focus();
    };
  }, []);

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowLeft') onIndex(Math.max(0, index - 1));
    else if (event.key === 'ArrowRight') onIndex(Math.min(images.length - 1, index + 1));
    else if (event.key === 'Tab') {
      // Keep focus inside the viewer.
      const buttons = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = buttons[(at + (event.shiftKey ? -1 : 1) + buttons.length) % buttons.length];
      next?.focus();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  const url = typeof info === 'object' ? info.url : null;
  // Portalled to <body> so no ancestor's stacking context can show through.
  return createPortal(
    <div className="lightbox" role="dialog" aria-modal="true" aria-label="Image viewer" onKeyDown={onKeyDown} onClick={onClose}>
      <div className="lightbox-bar" onClick={(e) => e.stopPropagation()}>
        <span className="lightbox-count">
          {index + 1} of {images.length}
        </span>
        <button ref={closeRef} type="button" className="icon-button" aria-label="Close image viewer" onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      <button
        type="button"
        className="lightbox-nav lightbox-prev"
        aria-label="Previous image"
        disabled={index === 0}
        onClick={(e) => {
          e.stopPropagation();
          onIndex(index - 1);
        }}
      >
        <Icon name="left" size={28} />
      </button>
      {url && <img className="lightbox-image" src={url} alt={`Image ${index + 1} of ${images.length}`} onClick={(e) => e.stopPropagation()} />}
      <button
        type="button"
        className="lightbox-nav lightbox-next"
        aria-label="Next image"
        disabled={index >= images.length - 1}
        onClick={(e) => {
          e.stopPropagation();
          onIndex(index + 1);
        }}
      >
        <Icon name="right" size={28} />
      </button>
    </div>,
    document.body,
  );
}
