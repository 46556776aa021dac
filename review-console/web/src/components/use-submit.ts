import { useState } from 'react';

/**
 * A form's save: busy while it runs (the buttons say so and cannot be pressed twice), and its
 * refusal in words (`errorOf`) when it fails, cleared by the next try.
 */
export function useSubmit(errorOf: (failure: unknown) => string): { busy: boolean; error: string | null; run: (save: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (save: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await save();
    } catch (failure) {
      setError(errorOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
