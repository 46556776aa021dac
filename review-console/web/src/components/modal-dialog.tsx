import { useEffect, useRef, type ReactNode } from 'react';

interface ModalDialogProps {
  title: string;
  titleId: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

/**
 * A native modal <dialog>: the browser traps focus inside it, Esc closes it, and focus returns
 * to where it was when it closes.
 */
export function ModalDialog({ title, titleId, onClose, children, className }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // A close queued by an earlier cleanup (React re-runs effects in development) can arrive after
    // the dialog was shown again; only a dialog that is really closed reports it.
    const closed = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('close', closed);
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog ${className ?? ''}`} aria-labelledby={titleId}>
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
