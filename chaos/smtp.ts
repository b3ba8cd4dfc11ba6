import { SMTPServer } from 'smtp-server';
import { freePort } from '../tests/helpers/ports';

/** One message the server answered 250 to. */
export interface ReceivedMail {
  to: string[];
  /** The outbox key the Message-ID carries (activities/mail.ts `messageIdOf`), or null when it has none. */
  key: string | null;
  /** When the server answered 250 (ms since the epoch). */
  at: number;
}

export interface CountingSmtp {
  url: string;
  received: ReceivedMail[];
  stop(): Promise<void>;
}

const messageIdHeader = /^message-id:\s*<([A-Za-z0-9_-]+)@qingling>/im;

/** Only the headers are read: a drill counts messages, it does not read them. */
function keyOf(raw: string): string | null {
  const end = raw.search(/\r?\n\r?\n/);
  const headers = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = messageIdHeader.exec(headers);
  return match ? Buffer.from(match[1]!, 'base64url').toString('utf8') : null;
}

/** A real SMTP server in the drill's process, on 127.0.0.1, that keeps who got which message. */
export async function startCountingSmtp(): Promise<CountingSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          key: keyOf(Buffer.concat(chunks).toString('utf8')),
          at: Date.now(),
        });
        callback();
      });
    },
  });
  // A sender killed mid-conversation resets its connection: expected in a drill, and fatal if unheard.
  server.on('error', () => undefined);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
