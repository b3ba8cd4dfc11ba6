import { useCallback, useEffect, useState } from 'react';

export interface Fetched<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

interface Answer<T> {
  key: string;
  data?: T;
  error?: Error;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Loads what `key` names and keeps the answer for that key only: switching week or
 * unit quickly never shows an older request's answer under the newer choice.
 * `key` null waits (nothing to ask yet). The fetcher is read afresh on each load;
 * the key alone says when to load again.
 */
export function useFetched<T>(key: string | null, fetcher: () => Promise<T>): Fetched<T> {
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (key === null) return;
    let current = true;
    fetcher().then(
      (data) => current && setAnswer({ key, data }),
      (error: unknown) => current && setAnswer({ key, error: asError(error) }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  const mine = answer?.key === key ? answer : null;
  return { data: mine?.data, error: mine?.error, loading: key !== null && !mine, reload };
}
