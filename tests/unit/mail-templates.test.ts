import test from 'ava';
import { complainantMail, type ComplainantNotice } from '../../activities/mail-templates/complainant';

const caseNumber = 'QL2026-000042';
const statusUrl = 'https://xinfang.example.gov.cn/status';
const secret = '12345678901234567890';

const details: Record<ComplainantNotice['kind'], ComplainantNotice['details']> = {
  received: {},
  accepted: {},
  not_accepted: { reason: '不属于信访事项' },
  forwarded: { forwardTo: '东湖县人民法院', reason: '属于诉讼事项' },
  handed_over: { toUnit: '东湖县', reason: '公交线路停运超出乡镇职权' },
  consultation_answered: { text: '新农合报销比例可到乡镇卫生院咨询窗口查询。' },
  extension_approved: { days: 30, reason: '需要现场测量', dueDate: '2026-12-31' },
  replied: { text: '经核实，补偿款已于本月发放到位。' },
  review_decided: { upheld: true, opinion: '原处理意见正确' },
  re_review_decided: { upheld: false, opinion: '需要重新核实' },
  joined_open_case: { openCaseNumber: 'QL2026-000001' },
  look_back: { closedAt: '2026-11-01' },
  reopened: { reason: '问题出现反复' },
  report_concluded: { finding: 'substantiated' },
};
const kinds = Object.keys(details) as ComplainantNotice['kind'][];

for (const language of ['zh-CN', 'en'] as const) {
  for (const kind of kinds) {
    test(`${kind} renders in ${language}`, (t) => {
      // A stray access code among the details must not reach the e-mail: the templates take no such field.
      const mail = complainantMail(
        { caseNumber, kind, details: { ...details[kind], accessCode: secret } },
        statusUrl,
        language,
      );
      t.true(mail.subject.includes(caseNumber));
      for (const part of [mail.subject, mail.text, mail.html]) {
        t.false(part.includes(secret));
        t.false(part.includes('{{'));
        t.false(part.includes('undefined'));
        t.false(part.includes('[object'));
      }
      t.true(mail.text.includes(statusUrl));
      t.true(mail.html.includes(`href="${statusUrl}"`));
      t.true(mail.html.includes(`lang="${language}"`));
      // English mails are written in English; Chinese ones in Chinese.
      t.is(/[\u4e00-\u9fff]/.test(mail.subject), language === 'zh-CN');
    });
  }
}

test('the reply invites the evaluation and gives the 30-day review window', (t) => {
  const zh = complainantMail({ caseNumber, kind: 'replied', details: details.replied }, statusUrl);
  t.true(zh.text.includes('请在查询页面对办理结果作出评价'));
  t.true(zh.text.includes('30 日内'));
  t.true(zh.text.includes('补偿款已于本月发放到位'));
  const en = complainantMail({ caseNumber, kind: 'replied', details: details.replied }, statusUrl, 'en');
  t.regex(en.text, /rate the outcome on the status page/);
  t.regex(en.text, /within 30 days/);
});

test('the receipt tells where to follow the case, never the access code', (t) => {
  const mail = complainantMail({ caseNumber, kind: 'received', details: {} }, statusUrl);
  t.true(mail.subject.includes('已接收'));
  t.true(mail.text.includes('查询码不会通过邮件发送'));
  t.false(/\d{20}/.test(mail.text + mail.html));
});

test('the look-back asks whether the problem is solved', (t) => {
  t.regex(complainantMail({ caseNumber, kind: 'look_back', details: {} }, statusUrl).text, /是否已经解决/);
  t.regex(
    complainantMail({ caseNumber, kind: 'look_back', details: {} }, statusUrl, 'en').text,
    /has the problem been solved/,
  );
});

test('every dynamic value is HTML-escaped', (t) => {
  const reason = '<script>alert("x")</script> & <b>';
  for (const language of ['zh-CN', 'en'] as const) {
    const mail = complainantMail(
      { caseNumber, kind: 'not_accepted', details: { reason } },
      statusUrl,
      language,
    );
    t.false(mail.html.includes('<script>'));
    t.false(mail.html.includes('<b>'));
    t.true(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;'));
    // The text part keeps the words as written.
    t.true(mail.text.includes(reason));
  }
  const link = complainantMail(
    { caseNumber, kind: 'accepted', details: {} },
    'https://example.cn/status?a=1&b="2"',
  ).html;
  t.true(link.includes('href="https://example.cn/status?a=1&amp;b=&quot;2&quot;"'));
});

test('a multi-line reply keeps its lines in both parts', (t) => {
  const mail = complainantMail(
    { caseNumber, kind: 'replied', details: { text: '第一行\n第二行' } },
    statusUrl,
  );
  t.true(mail.text.includes('  第一行\n  第二行'));
  t.regex(mail.html, /white-space:pre-wrap">第一行\n第二行<\/blockquote>/);
});
