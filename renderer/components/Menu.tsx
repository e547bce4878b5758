import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { Icon, type IconName } from './Icon';

export interface MenuItem {
  label: string;
  icon: IconName;
  danger?: boolean;
  run: () => void;
  /** Shown but not offered: the sentence says why (a provider that cannot do it). */
  unavailable?: string;
}

/** Where a menu opens: under (or over) an element, or at the pointer for a context menu. */
export type MenuAnchor = { element: HTMLElement } | { x: number; y: number };

const margin = 8;

/**
 * A popup menu portalled to <body> and placed in the window's coordinates: it opens below its
 * anchor, or above when there is no room, and is kept inside the window, so no row, pane or
 * window edge hides it. Arrow keys move, Esc and Tab close and give focus back.
 */
export function Menu({ label, items, anchor, onClose }: { label: string; items: Array<MenuItem | false | null | undefined>; anchor: MenuAnchor; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const shown = items.filter((item): item is MenuItem => !!item);
  const anchorRef = useRef(anchor);
  anchorRef.current = anchor;

  const place = useCallback(() => {
    const menu = ref.current;
    if (!menu) return;
    const anchor = anchorRef.current;
    const { width, height } = menu.getBoundingClientRect();
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    let left: number;
    let top: number;
    if ('element' in anchor) {
      const box = anchor.element.getBoundingClientRect();
      left = box.right - width;
      top = box.bottom + 4;
      if (top + height > vh - margin) top = box.top - height - 4;
    } else {
      left = anchor.x;
      top = anchor.y;
      if (top + height > vh - margin) top = anchor.y - height;
    }
    left = Math.max(margin, Math.min(left, vw - width - margin));
    top = Math.max(margin, Math.min(top, vh - height - margin));
    setPosition((before) => (before && before.left === left && before.top === top ? before : { left, top }));
  }, []);

  useLayoutEffect(place, [place, anchor]);

  useLayoutEffect(() => {
    if (!position) return;
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [position]);

  useLayoutEffect(() => {
    const returnTo = document.activeElement;
    function onPointer(event: PointerEvent) {
      if (!ref.current?.contains(event.target as Node)) onClose();
    }
    // A menu follows its anchor while the page under it scrolls (a thread settling at its
    // bottom), and closes once the anchor has left the window.
    const onScroll = (event: Event) => {
      if (ref.current?.contains(event.target as Node)) return;
      const anchor = anchorRef.current;
      if ('element' in anchor) {
        const box = anchor.element.getBoundingClientRect();
        if (!anchor.element.isConnected || box.bottom < 0 || box.top > window.innerHeight) {
          onClose();
          return;
        }
      }
      place();
    };
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('resize', onClose);
    document.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('resize', onClose);
      document.removeEventListener('scroll', onScroll, true);
      if (!ref.current?.contains(document.activeElement)) return;
      // Back where it was; if that element was re-rendered away, to the pane the anchor is in.
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
      else if ('element' in anchorRef.current) anchorRef.current.element.closest<HTMLElement>('[tabindex="0"]')?.focus();
    };
  }, [onClose, place]);

  function onKeyDown(event: React.KeyboardEvent) {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus();
    else if (event.key === 'ArrowUp') buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
    else if (event.key === 'Home') buttons[0]?.focus();
    else if (event.key === 'End') buttons[buttons.length - 1]?.focus();
    else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return createPortal(
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      style={position ? { left: position.left, top: position.top } : { left: 0, top: 0, visibility: 'hidden' }}
    >
      {shown.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className={`menu-item${item.danger ? ' danger' : ''}${item.unavailable ? ' is-unavailable' : ''}`}
          aria-disabled={item.unavailable ? true : undefined}
          aria-describedby={item.unavailable ? `menu-why-${slug(item.label)}` : undefined}
          onClick={() => {
            if (item.unavailable) return;
            onClose();
            item.run();
          }}
        >
          <Icon name={item.icon} size={16} />
          <span className="menu-label">
            {item.label}
            {item.unavailable && (
              <span className="menu-why" id={`menu-why-${slug(item.label)}`}>
                {item.unavailable}
              </span>
            )}
          </span>
        </button>
      ))}
    </div>,
    document.body,
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
