import test from 'ava';
import {
  chineseDate,
  defaultPrefix,
  defaultTemplates,
  documentNumber,
  fillTemplate,
  templateProblems,
  writtenNoticeKinds,
  writtenNoticeTitles,
  type WrittenNoticeKind,
} from '../../domain/written-notices';
import { noticeDocx } from '../../reports/written-notices/docx';
import { noticePdf } from '../../reports/written-notices/pdf';
import type { PrintedNotice } from '../../reports/written-notices/printed-notice';
import { docxText, pdfText } from '../helpers/document-text';

/** The facts each kind tells, as a case would give them. */
const facts: Record<string, string> = {
  caseNumber: 'QL2026-000417',
  receivedDate: '2026年11月3日',
  unitName: '城关镇',
  summary: '村道损毁',
  issuedDate: '2026年12月2日',
  acceptedDate: '2026年11月5日',
  reason: '所反映事项已经司法程序处理',
  recipient: '城关镇综治中心',
  instructions: '请于十日内核实',
  extensionDays: '30',
  newDueDate: '2027年2月3日',
  replyText: '经核实，村道已列入明年修缮计划',
  repliedDate: '2026年12月1日',
  decision: '维持原处理意见',
  opinion: '原处理意见事实清楚，适用依据正确',
};

/** The fact that must appear in each kind's body (its required placeholder besides the number). */
const keyFact: Record<WrittenNoticeKind, string> = {
  acceptance: '2026年11月5日',
  not_accepted: '所反映事项已经司法程序处理',
  forward_letter: '请于十日内核实',
  extension: '延长30日',
  handling_opinion: '村道已列入明年修缮计划',
  review_opinion: '原处理意见事实清楚，适用依据正确',
  re_review_opinion: '原处理意见事实清楚，适用依据正确',
};

const printed = (kind: WrittenNoticeKind): PrintedNotice => ({
  issuingOffice: '城关镇信访办公室',
  documentNumber: documentNumber('城关信访', 2026, 12),
  title: writtenNoticeTitles[kind],
  addressee: kind === 'forward_letter' ? '城关镇综治中心' : '张三',
  paragraphs: fillTemplate(defaultTemplates[kind], facts).split('\n'),
  dateText: chineseDate('2026-12-02'),
});

for (const kind of writtenNoticeKinds) {
  test(`the ${writtenNoticeTitles[kind]} reads back from its PDF and its DOCX with the number, addressee, facts and Chinese date`, async (t) => {
    const notice = printed(kind);
    for (const [format, text] of [
      ['pdf', await pdfText(await noticePdf(notice))],
      ['docx', await docxText(await noticeDocx(notice))],
    ] as const) {
      t.true(text.includes('城关信访〔2026〕12号'), `${format}: document number`);
      t.true(text.includes(writtenNoticeTitles[kind]), `${format}: title`);
      t.true(text.includes(`${notice.addressee}：`), `${format}: addressee`);
      t.true(text.includes('QL2026-000417'), `${format}: case number`);
      t.true(text.includes(keyFact[kind]), `${format}: ${keyFact[kind]}`);
      t.true(text.includes('二〇二六年十二月二日'), `${format}: date in Chinese numerals`);
      t.false(text.includes('{{'), `${format}: no placeholder left`);
    }
  });
}

test('every default template passes its own placeholder check', (t) => {
  for (const kind of writtenNoticeKinds) {
    t.deepEqual(templateProblems(kind, defaultTemplates[kind]), { unknown: [], missing: [] }, kind);
  }
});

test('a template naming an unknown placeholder or leaving out a required one is caught, by name', (t) => {
  t.deepEqual(templateProblems('not_accepted', '编号{{caseNumber}}，{{ complainantName }}'), {
    unknown: ['complainantName'],
    missing: ['reason'],
  });
  t.deepEqual(templateProblems('acceptance', '{{caseNumber}}于{{acceptedDate}}受理，理由{{reason}}'), {
    unknown: ['reason'],
    missing: [],
  });
});

test('dates print in Chinese numerals as GB/T 9704 writes them', (t) => {
  t.is(chineseDate('2026-12-02'), '二〇二六年十二月二日');
  t.is(chineseDate('2027-10-31'), '二〇二七年十月三十一日');
  t.is(chineseDate('2030-01-20'), '二〇三〇年一月二十日');
});

test("a unit's default prefix drops its level word", (t) => {
  t.is(defaultPrefix('城关镇'), '城关信访');
  t.is(defaultPrefix('东湖县'), '东湖信访');
  t.is(documentNumber('东湖信访', 2026, 7), '东湖信访〔2026〕7号');
});
