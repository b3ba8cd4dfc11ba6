import http from 'node:http';
import escapeHtml from 'escape-html';
import smpp, { type PDU, type Session } from 'smpp';
import { messageText } from '../activities/notices/smpp';

/** One message the centre took (answered submit_sm_resp with status 0 to). */
export interface CentreMessage {
  messageId: string;
  to: string;
  text: string;
  at: number;
}

export interface SmsCentreOptions {
  port: number;
  host?: string;
  systemId: string;
  password: string;
  /** Answers this many submits with ESME_RTHROTTLED before taking any. */
  throttleFirst?: number;
  /** A page listing the messages (for people, like MailDev for mail). */
  webPort?: number;
}

export interface SmsCentre {
  url: string;
  webUrl: string | null;
  received: CentreMessage[];
  /** Submits answered with ESME_RTHROTTLED. */
  throttled: number;
  /** Resolves when a submit to this number arrives; it is then held, unanswered, until `release()`. */
  holdNextTo(number: string): { holding: Promise<void>; release(): void };
  stop(): Promise<void>;
}

/**
 * An SMS centre (短信中心) that speaks SMPP 3.4 on 127.0.0.1: it binds ESMEs with a
 * system id and password, takes submit_sm, answers with a message id and sends a
 * delivery receipt (deliver_sm, `stat:DELIVRD`) a moment later. The embedded stack
 * runs one so notices can be read in the browser; tests run one to read what arrived.
 */
export async function startSmsCentre(options: SmsCentreOptions): Promise<SmsCentre> {
  const host = options.host ?? '127.0.0.1';
  const received: CentreMessage[] = [];
  const state = { throttled: 0, next: 1 };
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();

  const onSubmit = async (session: Session, pdu: PDU) => {
    if (state.throttled < (options.throttleFirst ?? 0)) {
      state.throttled += 1;
      session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      return;
    }
    const to = String(pdu.destination_addr);
    const hold = holds.get(to);
    if (hold) {
      holds.delete(to);
      hold.arrived();
      await hold.released;
      // A sender that went away meanwhile never heard the answer: the message is dropped, as a centre does.
      if (session.socket.destroyed) return;
    }
    const messageId = `QLSC${String(state.next++).padStart(8, '0')}`;
    received.push({ messageId, to, text: messageText(pdu.short_message), at: Date.now() });
    session.send(pdu.response({ message_id: messageId }));
    if (pdu.registered_delivery) {
      setTimeout(() => {
        if (session.socket.destroyed) return;
        const done = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
        session.deliver_sm({
          source_addr: to,
          destination_addr: String(pdu.source_addr ?? ''),
          esm_class: 0x04,
          short_message: `id:${messageId} sub:001 dlvrd:001 submit date:${done} done date:${done} stat:DELIVRD err:000 text:`,
          receipted_message_id: messageId,
          message_state: 2,
        });
      }, 200);
    }
  };

  const server = smpp.createServer((session) => {
    session.on('error', () => session.destroy());
    let bound = false;
    session.on('bind_transceiver', (pdu: PDU) => {
      bound = pdu.system_id === options.systemId && pdu.password === options.password;
      session.send(pdu.response(bound ? {} : { command_status: smpp.ESME_RBINDFAIL }));
      if (!bound) session.close();
    });
    session.on('submit_sm', (pdu: PDU) => {
      if (!bound) return;
      onSubmit(session, pdu).catch(() => session.destroy());
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));

  let web: http.Server | null = null;
  if (options.webPort !== undefined) {
    web = http.createServer((req, res) => {
      if (req.url === '/messages.json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(received));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(messagesPage(received));
    });
    await new Promise<void>((resolve) => web!.listen(options.webPort, host, resolve));
  }

  return {
    url: `smpp://${encodeURIComponent(options.systemId)}:${encodeURIComponent(options.password)}@${host}:${options.port}`,
    webUrl: options.webPort !== undefined ? `http://${host}:${options.webPort}` : null,
    received,
    get throttled() {
      return state.throttled;
    },
    holdNextTo(number) {
      let arrived!: () => void;
      let release!: () => void;
      const holding = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(number, { arrived, released });
      return { holding, release };
    },
    async stop() {
      for (const s of server.sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (web) await new Promise<void>((resolve) => web!.close(() => resolve()));
    },
  };
}

/** The centre's page: every message, newest first. */
function messagesPage(messages: CentreMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(new Date(m.at).toISOString())}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.text)}</td><td>${escapeHtml(m.messageId)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>短信中心 SMS centre</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head>
<body><h1>短信中心 · SMS centre (${messages.length})</h1><table><thead><tr><th>时间</th><th>号码</th><th>内容</th><th>消息号</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

/**
 * The SMS catcher a local stack runs when no SMS_URL is given (`npm start`, `npm run
 * cluster`): the app binds as `qingling` with a password taken from the stack's own secrets.
 */
export function startLocalSmsCatcher(
  ports: { smpp: number; smsWeb: number },
  accessCodeSecret: string,
): Promise<SmsCentre> {
  return startSmsCentre({
    port: ports.smpp,
    webPort: ports.smsWeb,
    systemId: 'qingling',
    password: accessCodeSecret.slice(0, 8),
  });
}
