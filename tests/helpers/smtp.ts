import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { freePort } from './ports';

export interface TestSmtpOptions {
  /**
   * Holds the answer to DATA of the first message to this address for `holdMs`
   * (3 s by default): a sender that dies meanwhile leaves an unfinished
   * transaction, which the server discards as a real one does.
   */
  holdFirstTo?: string;
  holdMs?: number;
  /** Refuses the first message to this address with `451 4.3.0` (try again later). */
  refuseFirstTo?: string;
}

export interface TestSmtpServer {
  url: string;
  /** Messages the server accepted (answered 250 to DATA), parsed. */
  received: ParsedMail[];
  /** Accepted messages per Message-ID. */
  countByMessageId(): Map<string, number>;
  /** Resolves when the held message's data is in and its answer is being held. */
  holding: Promise<void>;
  /** Messages dropped because the sender went away before the answer to DATA. */
  discarded: number;
  stop(): Promise<void>;
}

/** A real SMTP server in the test process that keeps what arrives, parsed. */
export async function startTestSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const closed = new Set<string>();
  let held = false;
  let refused = false;
  let markHolding!: () => void;
  const holding = new Promise<void>((resolve) => (markHolding = resolve));
  const sentTo = (session: SMTPServerSession, address: string | undefined) =>
    address !== undefined &&
    session.envelope.rcptTo.some((r) => r.address.toLowerCase() === address.toLowerCase());
  const state = { discarded: 0 };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const refuse = !refused && sentTo(session, options.refuseFirstTo);
      const hold = !held && sentTo(session, options.holdFirstTo);
      if (refuse) refused = true;
      if (hold) held = true;
      simpleParser(stream)
        .then(async (mail) => {
          if (refuse) {
            callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
            return;
          }
          if (hold) {
            markHolding();
            await new Promise((resolve) => setTimeout(resolve, options.holdMs ?? 3000));
            if (closed.has(session.id)) {
              // The sender never heard 250: the transaction did not complete.
              state.discarded += 1;
              callback(new Error('connection closed'));
              return;
            }
          }
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    countByMessageId() {
      const counts = new Map<string, number>();
      for (const mail of received) {
        const id = mail.messageId ?? '';
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    holding,
    get discarded() {
      return state.discarded;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
