import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Error messages and stack traces travel as an encoded payload, so the payload codec
 * encrypts them like any other: an SMTP refusal naming a complainant's address, or a
 * validation message quoting petition text, never reaches Temporal in the clear.
 * Loaded by path (clients, workers and the workflow bundle alike), hence its own module.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
