import { useEffect, useRef } from 'react';

/**
 * Calls `onNear` when the returned element scrolls within a screen of view: the queue loads its
 * next page before the officer reaches the end, so hundreds of cases scroll as one list.
 */
export function useNearEnd<T extends Element>(onNear: () => void, enabled: boolean) {
  const ref = useRef<T>(null);
  const callback = useRef(onNear);
  callback.current = onNear;
  useEffect(() => {
    const element = ref.current;
    if (!element || !enabled) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) callback.current();
    }, { rootMargin: '100% 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}
