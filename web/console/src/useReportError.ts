import { App } from 'antd';
import { useCallback } from 'react';

// The context-bound message API follows the ConfigProvider's locale and theme; the static one does not.
export function useReportError(): (error: unknown) => void {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown) => void message.error(error instanceof Error ? error.message : String(error)),
    [message],
  );
}
