import { useCallback, useEffect, useState } from 'react';
import { fetchCase, type CaseDetail } from '../api';

interface CaseDetailState {
  detail: CaseDetail | null;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/** The case as the server shows it to this person; `reload` after every action. */
export function useCaseDetail(caseNumber: string): CaseDetailState {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    fetchCase(caseNumber)
      .then(
        (loaded) => {
          if (!current) return;
          setDetail(loaded);
          setError(null);
        },
        (failure: unknown) => {
          if (!current) return;
          setDetail(null);
          setError(failure instanceof Error ? failure : new Error(String(failure)));
        },
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [caseNumber, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { detail, error, loading, reload };
}
