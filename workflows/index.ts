export { petitionCase, caseProgressQuery } from './case';
export type { CaseProgress } from './case';
