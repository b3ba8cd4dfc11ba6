import { App } from 'antd';
import { useCallback, useEffect } from 'react';
import { ApiError } from './api';

// The context-bound message API follows the ConfigProvider's locale and theme; the static one does not.
export function useReportError(): (error: unknown) => void {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown) => {
      // A lost session sends the person to the sign-in page: no toast on top of that.
      if (error instanceof ApiError && error.httpStatus === 401) return;
      void message.error(error instanceof Error ? error.message : String(error));
    },
    [message],
  );
}

/** Shows a query's failure once, as the person's message; the page draws what it has meanwhile. */
export function useReportFailure(error: unknown): void {
  const reportError = useReportError();
  useEffect(() => {
    if (error) reportError(error);
  }, [error, reportError]);
}
