import { createAliyunSmsGateway } from './aliyun-sms';
import { createSmppGateway } from './smpp';

/** One SMS to hand to the gateway: the text for SMPP, the template and its values for a template provider. */
export interface SmsSubmission {
  to: string;
  text: string;
  /** The provider's code of the template the text was made from. */
  templateCode: string;
  params: Record<string, string>;
  /** The office's signature (短信签名). */
  signName: string;
  from?: string;
}

/** A delivery receipt (状态报告): the provider's message id and its final state. */
export interface DeliveryReceipt {
  providerMessageId: string;
  status: string;
}

export interface SmsGateway {
  /** Hands the message over; resolves when the provider took it, with its id for the message. */
  submit(message: SmsSubmission): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

/** The gateway or the centre answered, and said no (a throttle, a bad number): the status is kept. */
export class SmsRefusedError extends Error {
  constructor(
    message: string,
    readonly status: number | string,
  ) {
    super(message);
    this.name = 'SmsRefusedError';
  }
}

/** Every SMS transport's time-outs, as the SMTP transport's (config/mail-transport.ts). */
export const smsTimeouts = {
  /** To open the TCP connection. */
  connectMs: 10_000,
  /** From the connection to the centre's answer to the bind, or the provider's first byte. */
  greetingMs: 10_000,
  /** For each later answer on the open connection. */
  socketMs: 20_000,
} as const;

/**
 * The gateway SMS_URL names: `smpp://user:pass@host:port` for an SMS centre over SMPP
 * 3.4, `aliyun://AccessKeyId:AccessKeySecret@dysmsapi.aliyuncs.com` for Alibaba Cloud
 * SMS (`aliyun+http://…` for a provider reached over plain HTTP, as in tests).
 */
export function createSmsGateway(smsUrl: string, onReceipt: (receipt: DeliveryReceipt) => void): SmsGateway {
  const url = new URL(smsUrl);
  if (url.protocol === 'smpp:') return createSmppGateway(url, onReceipt);
  if (url.protocol === 'aliyun:' || url.protocol === 'aliyun+http:') return createAliyunSmsGateway(url);
  throw new Error(`SMS_URL must start with smpp:// or aliyun://, not ${url.protocol}`);
}
