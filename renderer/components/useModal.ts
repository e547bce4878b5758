import { useEffect, useRef } from 'react';

const focusable = 'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * What a modal owes the rest of the window: focus moves in (to `initial`, else the first control),
 * Tab and Shift+Tab stay inside, and focus goes back to where it was when the modal closes.
 * Returns the ref for the modal's element and the keydown handler that keeps Tab inside.
 */
export function useModal<T extends HTMLElement>(initial?: React.RefObject<HTMLElement | null>) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const before = document.activeElement;
    const target = initial?.current ?? ref.current?.querySelector<HTMLElement>(focusable) ?? ref.current;
    target?.focus();
    return () => {
      // The element that opened the modal may have been re-rendered away: then the thread or list gets it.
      if (before instanceof HTMLElement && before.isConnected) before.focus();
      else document.querySelector<HTMLElement>('.message-log, .conversation-list')?.focus();
    };
    // Focus moves once, when the modal opens.
  }, []);

  function trapTab(event: React.KeyboardEvent) {
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(focusable)].filter((el) => el.offsetParent !== null || el === document.activeElement);
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = items[(at + (event.shiftKey ? -1 : 1) + items.length) % items.length];
    event.preventDefault();
    next?.focus();
  }

  return { ref, trapTab };
}
