import type { StaffRole } from '../actor';
import type { CaseStatus } from '../case';
import type { CaseCommandName } from '../case-commands';
import type { Disposal } from '../discipline';
import type { Category } from '../petition';
import type { ClockName } from '../policy';
import en from './en.json';
import zhCN from './zh-CN.json';

/**
 * The one word for each of the domain's things, per language: the API's messages, the
 * public pages, the console and every e-mail and SMS take their names from here, so an
 * office reads the same 「复查决定」 on a button, in a refusal and in a deadline e-mail.
 * Each group is keyed by the domain's own enum: a new status or clock without a name
 * does not compile.
 */
export interface Vocabulary {
  status: Record<CaseStatus, string>;
  clock: Record<ClockName, string>;
  command: Record<CaseCommandName, string>;
  role: Record<StaffRole, string>;
  category: Record<Category, string>;
  /** 检举控告的处置方式: the discipline channel's four ways of disposal. */
  disposal: Record<Disposal, string>;
}

export const vocabularyLanguages = ['zh-CN', 'en'] as const;
export type VocabularyLanguage = (typeof vocabularyLanguages)[number];

export const vocabulary: Record<VocabularyLanguage, Vocabulary> = { 'zh-CN': zhCN, en };

/** Staff e-mails and SMS are written in Chinese only. */
export const zhNames: Vocabulary = vocabulary['zh-CN'];
