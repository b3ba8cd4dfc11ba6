import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** A report that could not be loaded: the server's reason, in the user's language, and a way to try again. */
export function LoadFailure({ error, retry }: { error: Error; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={error.message}
      extra={<Button onClick={retry}>{t('app.retry')}</Button>}
    />
  );
}
