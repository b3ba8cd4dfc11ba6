export { petitionCase } from './case';
export { recountProvisionalDeadlines } from './calendar-reload/recount';
export { weeklyCloseOut } from './weekly-close-out';
export { monthlyBulletin } from './monthly-bulletin';
export { lookBackCampaign } from './look-back-campaign';
export { calendarYearAlert } from './calendar-alert';
export { sendVerificationCode } from './lost-code';
export { auditRetention } from './audit-retention';
