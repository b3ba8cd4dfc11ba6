/**
 * The counted figures of the statistics (统计, db/statistics.ts) as offices read them, in
 * sections along a case's way: what came in, how it was handled and judged, the stock of
 * open, overdue and backlog cases (积案), and the discipline channel's dispositions
 * (检举控告). The console's page and the exports lay the figures out by these; a test
 * checks that every counted figure has its place.
 */
export const statisticsSections = {
  intake: [
    'received',
    'accepted',
    'notAccepted',
    'forwarded',
    'dispatched',
    'repeatsLinked',
    'consultations',
  ],
  handling: [
    'replied',
    'repliedQuickly',
    'repliedInTime',
    'escalated',
    'evaluations',
    'satisfied',
    'reviewsRequested',
    'reReviewsRequested',
  ],
  stock: [
    'openAtStart',
    'openAtEnd',
    'overdueAtEnd',
    'everOverdue',
    'closedOut',
    'reopened',
    'backlogAtStart',
    'backlogAtEnd',
    'backlogDesignated',
    'backlogClosedOut',
  ],
  discipline: [
    'disposedByTalkInquiry',
    'disposedByPreliminaryVerification',
    'disposedByHold',
    'disposedByClose',
    'casesOpened',
  ],
} as const;

export type StatisticsSection = keyof typeof statisticsSections;
export const statisticsSectionNames = Object.keys(statisticsSections) as StatisticsSection[];
