import smpp, { type PDU, type Session } from 'smpp';
import type { DeliveryReceipt, SmsGateway, SmsSubmission } from './sms-gateway';
import { SmsRefusedError, smsTimeouts } from './sms-gateway';

/**
 * SMPP 3.4 (the SMS centres' own protocol): one transceiver session, bound on first
 * use and again after it drops, that submits messages and hears their delivery
 * receipts. Every stage has its time-out: the TCP connection, the bind (the centre's
 * greeting) and each answer on the open session.
 */
export function createSmppGateway(url: URL, onReceipt: (receipt: DeliveryReceipt) => void): SmsGateway {
  const host = url.hostname;
  const port = Number(url.port || 2775);
  const systemId = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  let bound: Promise<Session> | null = null;

  const withTimeout = <T>(work: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        onTimeout();
        reject(new Error(`SMPP ${what} timed out after ${ms} ms (${host}:${port})`));
      }, ms);
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });

  function listen(session: Session) {
    session.on('deliver_sm', (pdu: PDU) => {
      session.send(pdu.response());
      const receipt = receiptOf(pdu);
      if (receipt) onReceipt(receipt);
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
  }

  async function bind(): Promise<Session> {
    const session = smpp.connect({ host, port });
    const dropped = new Promise<never>((_, reject) => {
      session.on('error', (error: Error) => reject(error));
      session.on('close', () => reject(new Error(`SMPP connection to ${host}:${port} closed`)));
    });
    dropped.catch(() => undefined);
    session.on('close', () => {
      bound = null;
    });
    session.on('error', () => {
      bound = null;
      session.destroy();
    });
    const destroy = () => session.destroy();
    await withTimeout(
      Promise.race([new Promise<void>((resolve) => session.once('connect', resolve)), dropped]),
      smsTimeouts.connectMs,
      'connect',
      destroy,
    );
    const answer = await withTimeout(
      Promise.race([
        new Promise<PDU>((resolve) =>
          session.bind_transceiver({ system_id: systemId, password, system_type: 'qingling' }, resolve),
        ),
        dropped,
      ]),
      smsTimeouts.greetingMs,
      'bind',
      destroy,
    );
    if (answer.command_status !== smpp.ESME_ROK) {
      session.destroy();
      throw new SmsRefusedError(`SMPP bind refused (status ${answer.command_status})`, answer.command_status);
    }
    listen(session);
    return session;
  }

  const session = () => {
    bound ??= bind().catch((error: unknown) => {
      bound = null;
      throw error;
    });
    return bound;
  };

  return {
    async submit(message: SmsSubmission): Promise<{ messageId: string }> {
      const s = await session();
      const answer = await withTimeout(
        new Promise<PDU>((resolve, reject) => {
          const closed = () => reject(new Error('SMPP connection closed before submit_sm_resp'));
          s.once('close', closed);
          const sent = s.submit_sm(
            {
              source_addr: message.from ?? '',
              destination_addr: message.to,
              short_message: message.text,
              registered_delivery: 1,
            },
            (pdu) => {
              s.off('close', closed);
              resolve(pdu);
            },
          );
          if (!sent) reject(new Error('SMPP session is not writable'));
        }),
        smsTimeouts.socketMs,
        'submit_sm',
        () => s.destroy(),
      );
      if (answer.command_status !== smpp.ESME_ROK) {
        throw new SmsRefusedError(
          `SMPP submit_sm refused (status 0x${answer.command_status.toString(16).padStart(4, '0')}${answer.command_status === smpp.ESME_RTHROTTLED ? ', ESME_RTHROTTLED' : ''})`,
          answer.command_status,
        );
      }
      return { messageId: String(answer.message_id) };
    },
    async close() {
      const s = await bound?.catch(() => null);
      s?.destroy();
      bound = null;
    },
  };
}

const receiptPattern = /id:(\S+).*stat:(\w+)/s;

/** A deliver_sm that is a delivery receipt: the receipted message and its final state (DELIVRD, UNDELIV …). */
function receiptOf(pdu: PDU): DeliveryReceipt | null {
  const text = messageText(pdu.short_message);
  const match = receiptPattern.exec(text);
  const id = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : match?.[1];
  const stat = match?.[2];
  if (!id || !stat) return null;
  return { providerMessageId: id, status: stat.toUpperCase() };
}

/** The text of a short_message field as the package decodes it. */
export function messageText(field: unknown): string {
  if (typeof field === 'string') return field;
  if (Buffer.isBuffer(field)) return field.toString('latin1');
  if (field && typeof field === 'object' && 'message' in field) {
    const message = (field as { message: unknown }).message;
    return Buffer.isBuffer(message) ? message.toString('latin1') : String(message);
  }
  return '';
}
