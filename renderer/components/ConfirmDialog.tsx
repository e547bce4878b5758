import { useRef } from 'react';
import { createPortal } from 'react-dom';
import { useModal } from './useModal';

/**
 * A confirmation over the whole window: portalled to <body> so no row or pane clips it, the
 * backdrop covers everything, focus is held inside and returned when it closes.
 */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { ref, trapTab } = useModal<HTMLDivElement>(cancelRef);
  return createPortal(
    <div
      className="modal-backdrop"
      onClick={(e) => {
        // React events bubble through portals: a dialog opened from another must not close that one too.
        e.stopPropagation();
        onCancel();
      }}
    >
      <div
        ref={ref}
        className="modal confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            e.preventDefault();
            onCancel();
          } else trapTab(e);
        }}
      >
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-body">{body}</p>
        <div className="modal-actions">
          <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
