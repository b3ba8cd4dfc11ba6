import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

export type CodeGroup =
  | 'status'
  | 'category'
  | 'channel'
  | 'clock'
  | 'role'
  | 'escalationTarget'
  | 'deadlineState'
  | 'deliveryMethod'
  | 'kind';

/** The label of a code the server sends; unknown codes show as they are (new ones arrive before their labels). */
export function useCodeLabel(): (group: CodeGroup, code: string) => string {
  const { t } = useTranslation();
  return useCallback((group, code) => t(`${group}.${code}`, { defaultValue: code }), [t]);
}
