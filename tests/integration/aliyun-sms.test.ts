import { createHmac } from 'node:crypto';
import http from 'node:http';
import test from 'ava';
import { createAliyunSmsGateway } from '../../activities/notices/aliyun-sms';
import { freePort } from '../helpers/ports';

const accessKeyId = 'LTAI-test-key';
const secret = 'test-secret-of-the-office';

/**
 * An in-process dysmsapi that checks each request's signature as Alibaba Cloud's RPC
 * signature (version 1.0) defines it, written here from the specification and not
 * from the adapter: parameters but Signature, sorted by name, each name and value
 * encoded per RFC 3986 (unreserved characters kept, the rest %XX in upper case), joined
 * with & and =; StringToSign = GET&%2F&encode(that); Base64(HMAC-SHA1(secret&, it)).
 */
async function startProvider() {
  const requests: Record<string, string>[] = [];
  const rfc3986 = (s: string) =>
    Array.from(Buffer.from(s, 'utf8'))
      .map((b) => {
        const c = String.fromCharCode(b);
        return /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
      })
      .join('');
  const server = http.createServer((req, res) => {
    const params = Object.fromEntries(new URL(req.url ?? '/', 'http://provider').searchParams);
    requests.push(params);
    const { Signature: given, ...rest } = params;
    const canonical = Object.keys(rest)
      .sort()
      .map((k) => `${rfc3986(k)}=${rfc3986(rest[k]!)}`)
      .join('&');
    const expected = createHmac('sha1', `${secret}&`)
      .update(`${req.method}&${rfc3986('/')}&${rfc3986(canonical)}`)
      .digest('base64');
    res.setHeader('content-type', 'application/json');
    if (rest.AccessKeyId !== accessKeyId || given !== expected) {
      res.statusCode = 400;
      res.end(
        JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched' }),
      );
      return;
    }
    res.end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: `biz-${requests.length}`, RequestId: 'r' }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, requests, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const message = {
  to: '13800000021',
  text: '【东湖县信访局】您的信访事项QL2026-000123已受理，请凭查询码登录查询。',
  templateCode: 'SMS_154950909',
  params: { caseNumber: 'QL2026-000123' },
  signName: '东湖县信访局',
};

test('the Alibaba Cloud SMS adapter signs SendSms so the provider verifies it, with the template code, signature name and number', async (t) => {
  const provider = await startProvider();
  try {
    const gateway = createAliyunSmsGateway(
      new URL(`aliyun+http://${accessKeyId}:${encodeURIComponent(secret)}@127.0.0.1:${provider.port}`),
    );
    t.deepEqual(await gateway.submit(message), { messageId: 'biz-1' });
    t.like(provider.requests[0], {
      Action: 'SendSms',
      Version: '2017-05-25',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      PhoneNumbers: '13800000021',
      SignName: '东湖县信访局',
      TemplateCode: 'SMS_154950909',
      TemplateParam: '{"caseNumber":"QL2026-000123"}',
    });
  } finally {
    await provider.stop();
  }
});

test('the provider rejects a request signed with the wrong secret, and the adapter reports the refusal', async (t) => {
  const provider = await startProvider();
  try {
    const gateway = createAliyunSmsGateway(
      new URL(`aliyun+http://${accessKeyId}:not-the-secret@127.0.0.1:${provider.port}`),
    );
    await t.throwsAsync(() => gateway.submit(message), {
      name: 'SmsRefusedError',
      message: /SignatureDoesNotMatch/,
    });
    t.is(provider.requests.length, 1);
  } finally {
    await provider.stop();
  }
});
