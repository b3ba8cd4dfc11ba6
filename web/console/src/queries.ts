import { QueryClient } from '@tanstack/react-query';

/**
 * What the console has read from the API, keyed by what it is. A command invalidates the keys
 * it changes (a case action its case, a close-out run the weeks and the board), and what shows
 * them loads again.
 */
export const queryKeys = {
  case: (caseNumber: string) => ['case', caseNumber] as const,
  autoTriage: (caseNumber: string) => ['case', caseNumber, 'auto-triage'] as const,
  caseMails: (caseNumber: string) => ['case', caseNumber, 'mails'] as const,
  leaderWorkspace: ['leader-workspace'] as const,
  closeOut: ['close-out'] as const,
  closeOutPreview: ['close-out', 'preview'] as const,
  closedWeeks: (unit: number | undefined) => ['close-out', 'weeks', unit ?? null] as const,
  closeOutBoard: (unit: number | undefined, week: string | undefined) =>
    ['close-out', 'board', unit ?? null, week ?? null] as const,
  bulletinMonths: (unit: number | undefined) => ['bulletins', unit ?? null] as const,
  bulletin: (unit: number | undefined, month: string | undefined) =>
    ['bulletins', unit ?? null, month ?? null] as const,
  lookBackCampaigns: ['look-back-campaigns'] as const,
  lookBackCampaign: (id: number) => ['look-back-campaigns', id] as const,
  units: ['units'] as const,
  statusCounts: ['ledger', 'summary'] as const,
  secondFactor: ['session', 'second-factor'] as const,
  /** Who a one-time set-password link is for. */
  link: (token: string) => ['link', token] as const,
  audit: (filter: Record<string, unknown>) => ['audit', filter] as const,
  adminLog: (query: Record<string, unknown>) => ['administration', 'log', query] as const,
  /** Every change an administrator makes is logged: a change invalidates this prefix with what it changed. */
  administration: ['administration'] as const,
  adminUnits: ['administration', 'units'] as const,
  adminStaff: (query: Record<string, unknown>) => ['administration', 'staff', query] as const,
  heldWork: (staffId: number) => ['administration', 'staff', staffId, 'handover'] as const,
  policies: ['administration', 'policies'] as const,
  policyDraft: (id: number) => ['administration', 'policies', 'drafts', id] as const,
  powerList: (unitCode: string) => ['administration', 'power-list', unitCode] as const,
  campaigns: ['campaigns'] as const,
  calendar: ['calendar'] as const,
  calendarOverview: ['calendar', 'overview'] as const,
  calendarYear: (year: number) => ['calendar', year] as const,
  writtenNotices: (caseNumber: string) => ['case', caseNumber, 'written-notices'] as const,
  noticeTemplates: ['written-notice-templates'] as const,
  likelyRepeats: (caseNumber: string) => ['case', caseNumber, 'likely-repeats'] as const,
  clusters: (from: string | undefined, to: string | undefined, minComplainants: number) =>
    ['clusters', from ?? null, to ?? null, minComplainants] as const,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // The API's refusal is shown as it came, with a retry button: no silent second try, and
      // no reload behind the person's back when the window regains focus.
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
