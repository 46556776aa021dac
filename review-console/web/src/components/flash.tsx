import { useEffect, useState } from 'react';

/*
 * One short message that outlives a screen change ("saved, opening the next case"): the case
 * screen is replaced on every decision, so its own state cannot carry it.
 */
let pending: string | null = null;
const listeners = new Set<(text: string | null) => void>();

export function flash(text: string): void {
  pending = text;
  for (const listener of listeners) listener(text);
}

export function FlashMessage() {
  const [text, setText] = useState<string | null>(pending);
  useEffect(() => {
    listeners.add(setText);
    return () => {
      listeners.delete(setText);
    };
  }, []);
  useEffect(() => {
    if (text === null) return;
    const timer = window.setTimeout(() => {
      pending = null;
      setText(null);
    }, 4000);
    return () => window.clearTimeout(timer);
  }, [text]);
  return (
    <div className="flash" role="status" aria-live="polite">
      {text ? <p className="flash__text">{text}</p> : null}
    </div>
  );
}
