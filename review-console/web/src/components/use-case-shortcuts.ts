import { useEffect, useRef } from 'react';

export interface CaseShortcutHandlers {
  next: () => void;
  previous: () => void;
  confirm: () => void;
  dismiss: () => void;
  togglePlay: () => void;
  /** A / T: the clip to the object's arrival / to the trigger. */
  toArrival: () => void;
  toTrigger: () => void;
  /** Z: the snapshot full size. */
  zoom: () => void;
  toggleHelp: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * J/K/C/D/A/T/Z/Space/? on the case screen. Keys never fire while the officer types, while a modifier
 * is held (browser shortcuts stay theirs), or while a dialog is open (it has keys of its own),
 * except ? which also closes the help.
 */
export function useCaseShortcuts(handlers: CaseShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const h = ref.current;
      const dialogOpen = document.querySelector('dialog[open]') !== null;
      if (event.key === '?') {
        if (dialogOpen && !document.querySelector('dialog[open].dialog--help')) return;
        event.preventDefault();
        h.toggleHelp();
        return;
      }
      if (dialogOpen) return;
      const action: Record<string, (() => void) | undefined> = { j: h.next, k: h.previous, c: h.confirm, d: h.dismiss, a: h.toArrival, t: h.toTrigger, z: h.zoom };
      const run = action[event.key.toLowerCase()];
      if (run) {
        event.preventDefault();
        run();
        return;
      }
      // Space on a button or the video's own controls keeps its usual meaning.
      if (event.key === ' ' && (event.target === document.body || (event.target instanceof HTMLElement && event.target.id === 'main'))) {
        event.preventDefault();
        h.togglePlay();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
