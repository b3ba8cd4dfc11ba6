import test from 'ava';
import { percentEncode, signRpcRequest } from '../../activities/notices/aliyun-sms';
import {
  renderSms,
  segmentLength,
  smsTexts,
  templateCodes,
  type SmsTemplate,
} from '../../activities/notices/sms-texts';

const longestSignature = '东湖县人民政府信访局'; // 10 characters
const caseNumber = 'QL2026-000123';

test('every SMS template, with a case number and a long signature, fits one segment of 70 UCS-2 characters', (t) => {
  for (const template of Object.keys(smsTexts) as SmsTemplate[]) {
    const text = renderSms(
      template,
      { caseNumber, openCaseNumber: 'QL2026-000124', code: '123456' },
      longestSignature,
    );
    t.true(text.length <= segmentLength, `${template}: ${text.length} characters`);
    t.false(/\{\w+\}/.test(text), `${template} fills every placeholder`);
  }
});

test('the acceptance SMS reads as the office writes it, signed', (t) => {
  t.is(
    renderSms('accepted', { caseNumber }, '清零信访'),
    '【清零信访】您的信访事项QL2026-000123已受理，请凭查询码登录查询。',
  );
});

test('template codes are configurable per provider, QL_<TEMPLATE> otherwise', (t) => {
  const codes = templateCodes({ accepted: 'SMS_154950909' });
  t.is(codes.accepted, 'SMS_154950909');
  t.is(codes.replied, 'QL_REPLIED');
});

test("Alibaba Cloud's RPC percent-encoding keeps ~ and encodes space, * and ! as RFC 3986 says", (t) => {
  t.is(percentEncode('a b*c~d!'), 'a%20b%2Ac~d%21');
  t.is(percentEncode('信'), '%E4%BF%A1');
});

test('the RPC signature is HMAC-SHA1 over GET&%2F& and the encoded sorted query, keyed with the secret and &', (t) => {
  // A worked example: the same parameters in another order sign the same.
  const params = { B: '2', A: '1 1', Timestamp: '2026-12-02T10:00:00Z' };
  const signature = signRpcRequest('GET', params, 'secret');
  t.is(signature, signRpcRequest('GET', { Timestamp: '2026-12-02T10:00:00Z', A: '1 1', B: '2' }, 'secret'));
  t.not(signature, signRpcRequest('GET', params, 'other'));
  t.regex(signature, /^[A-Za-z0-9+/]{27}=$/);
});
