import { defineSignal } from '@temporalio/workflow';

/** The one recount of a calendar year: a second load of the year while it runs joins it. */
export const recountWorkflowId = (year: number) => `calendar-recount-${year}`;

/** The year was loaded again while its recount ran: the cases told so far are told once more. */
export const calendarLoadedAgainSignal = defineSignal('calendarLoadedAgain');
