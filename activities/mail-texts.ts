import type { ClockName } from '../domain/policy';
import { zhNames } from '../domain/vocabulary/names';

/** What the e-mails call each clock: the console's word, in Chinese, since offices read these. */
export const clockLabel = (clock: ClockName): string => zhNames.clock[clock];
