export { petitionCase } from './case';
export { recountProvisionalDeadlines } from './calendar-reload';
