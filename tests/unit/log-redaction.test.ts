import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import test from 'ava';
import express from 'express';
import { requestLogging } from '../../api/app';
import { createLogger } from '../../config/logger';

/** Values that must never reach a log line, each unique so a leak is easy to spot. */
const secrets = {
  cookie: 'ql_session=s%3Asecret-session-id-4711',
  authorization: 'Bearer secret-bearer-4712',
  accessCode: 'SECRET-CODE-4713',
  csrfToken: 'secret-csrf-token-4714',
  setCookie: 'ql_session=s%3Asecret-new-session-4715; Path=/; HttpOnly',
  password: 'secret-password-4716',
  complainantName: '秘密人名四七一七',
  phone: '13900004718',
  email: 'secret.person.4719@example.org',
  idNumber: '110101199001014720',
  address: '秘密街道四七二一号',
  staffName: '秘密职员四七二二',
};

test('a logged request keeps no credential header, cookie, password or identity field', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ LOG_LEVEL: 'info' }, 'test', sink);
  const app = express();
  app.use(requestLogging(log));
  app.use(express.json());
  app.post('/api/v1/session/password', (req, res) => {
    // What a careless route might log: the whole body, and a person it loaded.
    req.log.info({ body: req.body as unknown, staff: { name: secrets.staffName } }, 'received');
    res.set('Set-Cookie', secrets.setCookie);
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  try {
    const response = await fetch(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/session/password`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: secrets.cookie,
          authorization: secrets.authorization,
          'x-access-code': secrets.accessCode,
          'x-csrf-token': secrets.csrfToken,
        },
        body: JSON.stringify({
          currentPassword: secrets.password,
          newPassword: secrets.password,
          password: secrets.password,
          accessCode: secrets.accessCode,
          complainant: { name: secrets.complainantName, phone: secrets.phone },
          phone: secrets.phone,
          email: secrets.email,
          idNumber: secrets.idNumber,
          address: secrets.address,
        }),
      },
    );
    t.is(response.status, 200);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }

  const output = lines.join('');
  t.regex(output, /"msg":"received"/);
  t.regex(output, /"msg":"request completed"/);
  t.regex(output, /\[redacted\]/);
  for (const [what, value] of Object.entries(secrets)) {
    t.false(output.includes(value), `${what} leaked into the log`);
  }
  t.false(output.includes('secret-'), 'part of a secret leaked into the log');
});
