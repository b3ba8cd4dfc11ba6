import nodemailer, { type Transporter } from 'nodemailer';

/** An SMTP transport from SMTP_URL (smtp:// or smtps://, credentials in the URL). */
export function createMailTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}
