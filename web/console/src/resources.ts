import { vocabulary } from '../../../domain/vocabulary/names';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

/**
 * The console's own texts, with the domain's names of statuses, clocks, commands, roles,
 * categories and ways of disposal merged in when the bundle is built: one word per thing,
 * the same as the API's messages and the offices' e-mails.
 */
export const consoleResources = {
  'zh-CN': { translation: { ...zhCN, ...vocabulary['zh-CN'] } },
  en: { translation: { ...en, ...vocabulary.en } },
};
