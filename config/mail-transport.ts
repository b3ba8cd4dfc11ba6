import nodemailer, { type Transporter } from 'nodemailer';

/**
 * How long an SMTP conversation may wait at each stage. A relay that refuses, or that
 * accepts and never answers, fails the try within these; the outbox's claim on a
 * message (db/notices/outbox.ts `claimSeconds`) outlasts them all.
 */
export const smtpTimeouts = {
  /** To open the TCP connection. */
  connectionTimeout: 10_000,
  /** From the connection to the server's 220 greeting. */
  greetingTimeout: 10_000,
  /** Silence on the open connection at any later stage. */
  socketTimeout: 20_000,
  dnsTimeout: 10_000,
} as const;

/** An SMTP transport from SMTP_URL (smtp:// or smtps://, credentials in the URL). */
export function createMailTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport({ url: smtpUrl, ...smtpTimeouts });
}
