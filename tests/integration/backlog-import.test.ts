import { performance } from 'node:perf_hooks';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import anyTest, { type TestFn } from 'ava';
import dayjs from 'dayjs';
import ExcelJS from 'exceljs';
import { importColumns } from '../../api/backlog-import/template';
import { CalendarRepository } from '../../db/calendar';
import type { DeadlineState } from '../../db/entities/case-deadline';
import {
  CaseDeadline,
  Department,
  ImportBatch,
  ImportedCase,
  PetitionCase,
  StaffMember,
} from '../../db/entities';
import { caseWorkflowId, type CaseStart } from '../../domain/case';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { officeTimeZone } from '../../domain/time-zone';
import { scheduleDeadline } from '../../domain/working-days';
import { PayloadEncryptionCodec } from '../../temporal/payload-codec';
import { eventually, testKeyring, type TestApp } from '../helpers/app';
import { anImportRow, csvOf, officeDaysAgo, type ImportRow } from '../helpers/backlog-import';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';
import { keepHistory } from '../helpers/histories';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001'; // 城关镇
const importsPath = '/api/v1/staff/backlog/imports';
const templatePath = '/api/v1/staff/backlog/import-template';
const headers = importColumns.map((c) => c.header);

const clerk = (app: TestApp) => signIn(app.baseUrl, demoAccount.clerk(township));
const upload = (session: StaffSession, content: Buffer, name = 'screening.csv', query = '') =>
  session.upload(`${importsPath}${query}`, 'file', { name, content });

/** The instant of an office date and time, as the import reads it. */
const officeInstant = (dateTime: string) => dayjs.tz(dateTime, officeTimeZone).toISOString();

/** The ledger rows of these cases, once the workflows have registered every one. */
async function registered(app: TestApp, caseNumbers: string[], timeoutMs = 30_000) {
  return eventually(async () => {
    const rows = await app.orm.em.fork().find(PetitionCase, { caseNumber: { $in: caseNumbers } });
    return rows.length === caseNumbers.length ? rows : undefined;
  }, timeoutMs);
}

/** Every one of these cases designated a backlog case by its workflow. */
const designated = (app: TestApp, caseNumbers: string[]) =>
  eventually(async () => {
    const rows = await app.orm.em
      .fork()
      .find(PetitionCase, { caseNumber: { $in: caseNumbers }, backlogAt: { $ne: null } });
    return rows.length === caseNumbers.length ? rows : undefined;
  }, 30_000);

/** What the import started the case's workflow with. */
async function startOf(app: TestApp, caseNumber: string): Promise<CaseStart> {
  const history = await app.temporal.workflow.getHandle(caseWorkflowId(caseNumber)).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  // History holds the payload encrypted: read it as a worker would, through the codec.
  const [decoded] = await new PayloadEncryptionCodec(testKeyring).decode([payload as Payload]);
  return defaultPayloadConverter.fromPayload(decoded!);
}

async function ledgerCounts(app: TestApp) {
  const em = app.orm.em.fork();
  return {
    batches: await em.count(ImportBatch, {}),
    importedCases: await em.count(ImportedCase, {}),
    cases: await em.count(PetitionCase, {}),
  };
}

test.serial(
  'the template downloads as CSV with a BOM and as XLSX whose 「填写说明」 sheet documents every column',
  async (t) => {
    const session = await clerk(t.context.app);
    const csv = await session.fetch(`${templatePath}?format=csv`);
    t.is(csv.status, 200);
    t.is(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    t.regex(
      csv.headers.get('content-disposition') ?? '',
      /^attachment; filename="backlog-import-template\.csv"; filename\*=UTF-8''/,
    );
    const bytes = Buffer.from(await csv.arrayBuffer());
    t.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    t.is(bytes.subarray(3).toString('utf8'), `${headers.join(',')}\r\n`);

    const xlsx = await session.fetch(`${templatePath}?format=xlsx`);
    t.is(
      xlsx.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    t.regex(xlsx.headers.get('content-disposition') ?? '', /filename\*=UTF-8''%E7%A7%AF%E6%A1%88/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    t.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['积案台账', '填写说明'],
    );
    t.deepEqual((workbook.getWorksheet('积案台账')!.getRow(1).values as string[]).slice(1), headers);
    const instructions = workbook.getWorksheet('填写说明')!;
    for (const [index, column] of importColumns.entries()) {
      const row = instructions.getRow(index + 2);
      t.is(row.getCell(1).text, column.header);
      t.is(row.getCell(2).text, column.key);
      t.true(row.getCell(4).text.length > 5, `${column.key} is described`);
      t.is(row.getCell(6).text, column.example);
    }
    t.regex(instructions.getRow(7).getCell(5).text, /来访、来信、来电/);

    const english = await session.fetch(`${templatePath}?format=xlsx&lang=en`);
    const inEnglish = new ExcelJS.Workbook();
    await inEnglish.xlsx.load(await english.arrayBuffer());
    t.regex(inEnglish.getWorksheet('填写说明')!.getRow(4).getCell(4).text, /Beijing time/);
  },
);

test.serial('the downloaded XLSX template, filled in, imports', async (t) => {
  const { app } = t.context;
  const session = await clerk(app);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await (await session.fetch(`${templatePath}?format=xlsx`)).arrayBuffer());
  const row = anImportRow();
  const second = workbook.getWorksheet('积案台账')!.getRow(2);
  headers.forEach((header, index) => (second.getCell(index + 1).value = row[header]!));
  const answer = await upload(session, Buffer.from(await workbook.xlsx.writeBuffer()), 'filled.xlsx');
  t.is(answer.status, 201, JSON.stringify(answer.json));
  t.deepEqual(
    answer.json.cases.map((c: { line: number }) => c.line),
    [2],
  );
});

test.serial(
  'a good CSV file imports every row as a case that its workflow registers and designates a backlog case',
  async (t) => {
    const { app } = t.context;
    const session = await clerk(app);
    const em = app.orm.em.fork();
    const leader = await em.findOneOrFail(
      StaffMember,
      { email: demoAccount.leader(township) },
      { populate: ['unit'] },
    );
    const discipline = await em.findOneOrFail(Department, { code: '990101-jw' });
    const rows = [
      anImportRow(),
      anImportRow({
        是否匿名: '是',
        信访人姓名: '',
        联系电话: '',
        登记日期: `${officeDaysAgo(30)} 09:30`,
        受理日期: '',
        承办部门代码: '',
        来源渠道: 'letter',
        类别: 'labour',
        包案领导邮箱: demoAccount.leader(township),
      }),
      anImportRow({
        受理单位代码: township,
        来源渠道: '码上',
        类别: '检举控告',
        承办部门代码: '990101-jw',
        反映问题: '村干部在低保评定中优亲厚友，\n群众反映"多次无果"，要求查处。',
        电子邮箱: 'zhang@example.cn',
      }),
    ];
    const answer = await upload(session, csvOf(rows));
    t.is(answer.status, 201, JSON.stringify(answer.json));
    t.is(answer.json.imported, 3);
    t.is(answer.json.alreadyImported, 0);
    t.deepEqual(
      answer.json.cases.map((c: { line: number; externalRef: string }) => [c.line, c.externalRef]),
      rows.map((r, i) => [i + 2, r['原台账编号']]),
    );
    const caseNumbers: string[] = answer.json.cases.map((c: { caseNumber: string }) => c.caseNumber);
    for (const n of caseNumbers) t.regex(n, /^QL\d{4}-\d{6}$/);

    const batch = await em.findOneOrFail(ImportBatch, answer.json.batchId);
    t.truthy(batch.finishedAt);
    t.like(batch, { rowCount: 3, format: 'csv', fileName: 'screening.csv' });

    const [named, anonymous, discipline_] = await Promise.all(caseNumbers.map((n) => startOf(app, n)));
    t.like(named!, {
      receivedAt: officeInstant(rows[0]!['登记日期']!),
      policyVersion: currentPolicyVersion,
      petition: { unitCode: '990101001002', channel: 'visit', category: 'land', anonymous: false },
      imported: {
        batchId: batch.id,
        line: 2,
        externalRef: rows[0]!['原台账编号'],
        acceptedAt: officeInstant(rows[0]!['受理日期']!),
        repeatCount: 3,
        flags: { manyYears: true, manyLevels: false, manyOffices: true },
        reason: '历时多年，先后到县、市反映，未化解',
      },
    });
    t.is(named!.imported?.department?.name, '综治中心');
    t.is(named!.enteredBy?.role, 'clerk');
    t.is(anonymous!.receivedAt, officeInstant(`${officeDaysAgo(30)} 09:30`));
    t.is(anonymous!.petition.complainant, undefined);
    t.deepEqual(anonymous!.imported?.leader, {
      staffId: leader.id,
      name: leader.name,
      unitId: leader.unit.id,
      unitPath: leader.unit.path,
    });
    t.like(discipline_!.petition, {
      channel: 'qr',
      category: 'discipline',
      complainant: { email: 'zhang@example.cn' },
    });
    t.is(discipline_!.petition.summary, rows[2]!['反映问题']!);
    t.is(discipline_!.imported?.department?.id, discipline.id);

    const ledger = await registered(app, caseNumbers);
    const received = new Map(ledger.map((c) => [c.caseNumber, c.receivedAt.toISOString()]));
    t.is(received.get(caseNumbers[1]!), officeInstant(`${officeDaysAgo(30)} 09:30`));
    t.is((await designated(app, caseNumbers)).length, 3);
    await keepHistory(
      app.temporal.workflow.getHandle(caseWorkflowId(caseNumbers[1]!)),
      'dev-server-imported-backlog-anonymous',
    );
  },
);

test.serial(
  'a good XLSX file imports, dates typed as Excel dates and codes typed as numbers included',
  async (t) => {
    const { app } = t.context;
    const session = await clerk(app);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('积案台账');
    sheet.addRow(headers);
    const row = anImportRow({ 受理日期: '', 承办部门代码: '' });
    const cells: ExcelJS.CellValue[] = headers.map((h) => row[h]);
    // What Excel keeps for a date typed as 2024-05-06 09:30: the wall time, no zone.
    cells[headers.indexOf('登记日期')] = new Date(Date.UTC(2024, 4, 6, 9, 30));
    cells[headers.indexOf('受理单位代码')] = 990101001002;
    cells[headers.indexOf('联系电话')] = 13800138000;
    cells[headers.indexOf('电子邮箱')] = { text: 'li@example.cn', hyperlink: 'mailto:li@example.cn' };
    sheet.addRow(cells);
    workbook.addWorksheet('填写说明').addRow(['说明']);

    // Named .csv on purpose: the content decides.
    const answer = await upload(session, Buffer.from(await workbook.xlsx.writeBuffer()), 'named-wrongly.csv');
    t.is(answer.status, 201, JSON.stringify(answer.json));
    const [{ caseNumber }] = answer.json.cases;
    const start = await startOf(app, caseNumber);
    t.is(start.receivedAt, '2024-05-06T01:30:00.000Z');
    t.like(start.petition, {
      unitCode: '990101001002',
      complainant: { phone: '13800138000', email: 'li@example.cn' },
    });
    t.is((await app.orm.em.fork().findOneOrFail(ImportBatch, answer.json.batchId)).format, 'xlsx');
    await registered(app, [caseNumber]);
    await designated(app, [caseNumber]);
  },
);

/** Line 2 is good; every other line is wrong in its own way. */
function fileWithBadRows(): { rows: ImportRow[]; bad: Record<number, RegExp> } {
  const good = anImportRow();
  const rows = [
    good,
    anImportRow({ 登记日期: '2024-02-30' }),
    anImportRow({ 受理单位代码: '999999' }),
    anImportRow({ 受理单位代码: '990102001' }),
    anImportRow({ 承办部门代码: `${township}-xf` }),
    anImportRow({ 原台账编号: good['原台账编号']! }),
    anImportRow({ 是否匿名: '是' }),
    anImportRow({ 登记日期: officeDaysAgo(-3), 受理日期: '', 承办部门代码: '' }),
    anImportRow({ 登记日期: officeDaysAgo(10), 受理日期: officeDaysAgo(12) }),
    anImportRow({ 类别: '宗教', 包案领导邮箱: demoAccount.clerk(township) }),
    anImportRow({ 受理日期: '' }),
    anImportRow({ 包案领导邮箱: demoAccount.leader('990101002') }),
    anImportRow({ 信访人姓名: '', 重复信访次数: '-1', 反映问题: '太短' }),
  ];
  const bad: Record<number, RegExp> = {
    3: /日期应写作 YYYY-MM-DD/,
    4: /没有代码为 999999 的单位/,
    5: /不在您的管辖范围内/,
    6: /是信访部门/,
    7: /与第 2 行的原台账编号重复/,
    8: /匿名信访不能填写/,
    9: /不能晚于现在/,
    10: /受理日期不能早于登记日期/,
    11: /应为以下之一：土地征收、/,
    12: /须填写受理日期/,
    13: /不属于受理单位或其上级单位/,
    14: /非匿名信访须填写信访人姓名/,
  };
  return { rows, bad };
}

test.serial(
  'a file with bad rows is refused whole: every bad row is named with its line and reason, and nothing is imported',
  async (t) => {
    const { app } = t.context;
    const session = await clerk(app);
    const before = await ledgerCounts(app);
    const { rows, bad } = fileWithBadRows();
    const answer = await upload(session, csvOf(rows));
    t.is(answer.status, 422);
    t.is(answer.json.error.code, 'import_rows_invalid');
    t.is(answer.json.error.message, '文件中有 12 行不符合要求，未导入任何数据。请按行号改正后重新上传。');
    const problems: { line: number; column: string; message: string }[] = answer.json.error.rows;
    t.deepEqual([...new Set(problems.map((p) => p.line))], Object.keys(bad).map(Number));
    for (const [line, reason] of Object.entries(bad)) {
      const messages = problems
        .filter((p) => p.line === Number(line))
        .map((p) => `${p.column}：${p.message}`);
      t.true(
        messages.some((m) => reason.test(m)),
        `line ${line}: ${messages.join(' / ')}`,
      );
    }
    t.like(
      problems.find((p) => p.line === 11 && p.column === '包案领导邮箱'),
      { message: `没有登录邮箱为 ${demoAccount.clerk(township)} 的在职领导` },
    );
    t.deepEqual(
      problems.filter((p) => p.line === 14).map((p) => p.column),
      ['反映问题', '重复信访次数', '信访人姓名'],
    );

    const english = await upload(session, csvOf(rows), 'screening.csv', '?lang=en');
    t.regex(english.json.error.message, /^12 rows of the file are not valid, so nothing was imported/);
    t.like(
      english.json.error.rows.find((p: { line: number }) => p.line === 3),
      {
        column: '登记日期',
        field: 'receivedAt',
        message: 'Write the date as YYYY-MM-DD or YYYY-MM-DD HH:mm, e.g. 2019-03-12',
      },
    );
    t.deepEqual(await ledgerCounts(app), before);
  },
);

test.serial('a header that is not the template’s refuses the file at line 1', async (t) => {
  const { app } = t.context;
  const session = await clerk(app);
  const misspelt = headers.map((h) => (h === '受理日期' ? '受理时间' : h)).filter((h) => h !== '类别');
  const answer = await upload(session, csvOf([anImportRow()], misspelt));
  t.is(answer.status, 422);
  t.is(answer.json.error.code, 'import_header_invalid');
  t.deepEqual(answer.json.error.rows, [
    { line: 1, column: '受理时间', message: '导入模板中没有这一列' },
    { line: 1, column: '类别', field: 'category', message: '缺少这一必填列' },
  ]);
});

test.serial(
  'the same file twice, even at the same moment, imports nothing twice; a row imported from an earlier file is skipped',
  async (t) => {
    const { app } = t.context;
    const session = await clerk(app);
    const rows = [anImportRow(), anImportRow()];
    const file = csvOf(rows);
    const [first, second] = await Promise.all([upload(session, file), upload(session, file)]);
    t.deepEqual([first.status, second.status].sort(), [200, 201]);
    t.is(first.json.batchId, second.json.batchId);
    t.deepEqual(first.json.cases, second.json.cases);
    const again = await upload(session, file, 'renamed.csv');
    t.is(again.status, 200);
    t.like(again.json, { batchId: first.json.batchId, imported: 2, alreadyImported: 0, unchanged: true });
    t.deepEqual(again.json.cases, first.json.cases);
    const caseNumbers: string[] = first.json.cases.map((c: { caseNumber: string }) => c.caseNumber);
    await registered(app, caseNumbers);

    const em = app.orm.em.fork();
    t.is(await em.count(ImportedCase, { batch: first.json.batchId }), 2);
    t.is(await em.count(PetitionCase, { caseNumber: { $in: caseNumbers } }), 2);

    const fresh = anImportRow();
    const overlapping = await upload(session, csvOf([rows[1]!, fresh]));
    t.is(overlapping.status, 201);
    t.like(overlapping.json, { imported: 1, alreadyImported: 1 });
    t.deepEqual(overlapping.json.skipped, [
      { line: 2, externalRef: rows[1]!['原台账编号'], caseNumber: caseNumbers[1] },
    ]);
    t.deepEqual(
      overlapping.json.cases.map((c: { line: number }) => c.line),
      [3],
    );
  },
);

test.serial(
  'dates in the past: a case accepted 70 days ago is already overdue, one accepted 10 days ago runs to acceptance + 60 days',
  async (t) => {
    const { app } = t.context;
    const session = await clerk(app);
    const rows = [
      anImportRow({ 登记日期: officeDaysAgo(80), 受理日期: officeDaysAgo(70) }),
      anImportRow({ 登记日期: officeDaysAgo(12), 受理日期: officeDaysAgo(10) }),
    ];
    const answer = await upload(session, csvOf(rows));
    t.is(answer.status, 201, JSON.stringify(answer.json));
    const [old, recent] = answer.json.cases.map((c: { caseNumber: string }) => c.caseNumber) as string[];
    const handling = (caseNumber: string, states: DeadlineState[]) =>
      eventually(
        async () =>
          (await app.orm.em
            .fork()
            .findOne(CaseDeadline, { caseNumber, clock: 'handling', state: { $in: states } })) ?? undefined,
        30_000,
      );

    const overdue = await handling(old!, ['breached', 'escalated']);
    t.true(Date.parse(overdue.dueAt.toISOString()) < Date.now());

    const running = await handling(recent!, ['running']);
    const acceptedAt = officeInstant(rows[1]!['受理日期']!);
    const year = Number(rows[1]!['受理日期']!.slice(0, 4));
    const calendar = await new CalendarRepository(app.orm.em.fork()).calendarFor(year, year + 1);
    const expected = scheduleDeadline({
      rule: policyFor(currentPolicyVersion).clocks.handling,
      from: acceptedAt,
      calendar,
    });
    t.is(running.startedAt.toISOString(), acceptedAt);
    t.is(String(running.dueDate), expected.dueDate);
    t.true(dayjs(expected.dueDate).diff(dayjs(rows[1]!['受理日期']), 'day') >= 60);
  },
);

test.serial(
  'a file too large, unreadable, empty, too long or without the file field is refused with a clear message; other roles cannot import',
  async (t) => {
    const { app } = t.context;
    const session = await clerk(app);
    const before = await ledgerCounts(app);

    const tooLarge = await upload(session, Buffer.alloc(5 * 1024 * 1024 + 1, 0x41));
    t.is(tooLarge.status, 413);
    t.is(tooLarge.json.error.message, '文件太大，单个文件不能超过 5 MB');

    const xls = await upload(
      session,
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'old.xls',
    );
    t.is(xls.status, 415);
    t.regex(xls.json.error.message, /另存为 \.xlsx/);

    const binary = await upload(session, Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]), 'x.csv');
    t.is(binary.status, 415);
    t.is(binary.json.error.code, 'import_file_unreadable');

    const headerOnly = await upload(session, csvOf([]));
    t.is(headerOnly.status, 422);
    t.is(headerOnly.json.error.code, 'import_file_empty');

    const tooLong = await upload(session, Buffer.from(`${headers.join(',')}\n${'x\n'.repeat(5001)}`));
    t.is(tooLong.status, 422);
    t.is(tooLong.json.error.message, '一个文件最多导入 5000 行，这个文件有 5001 行，请拆分成多个文件导入。');

    const wrongField = await session.upload(importsPath, 'attachment', {
      name: 'a.csv',
      content: csvOf([anImportRow()]),
    });
    t.is(wrongField.status, 422);

    const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
    t.is((await upload(handler, csvOf([anImportRow()]))).status, 403);
    t.is((await handler.fetch(`${templatePath}?format=csv`)).status, 403);
    t.deepEqual(await ledgerCounts(app), before);
  },
);

test.serial('1,000 rows import in one file: one case number each, every workflow started', async (t) => {
  const { app } = t.context;
  const session = await clerk(app);
  const rows = Array.from({ length: 1000 }, (_, i) =>
    anImportRow({ 原台账编号: `BULK-${i + 1}`, 登记日期: officeDaysAgo(400 + (i % 300)) }),
  );
  const started = performance.now();
  const answer = await upload(session, csvOf(rows));
  const answeredS = (performance.now() - started) / 1000;
  t.is(answer.status, 201, JSON.stringify(answer.json).slice(0, 500));
  t.is(answer.json.imported, 1000);
  const caseNumbers: string[] = answer.json.cases.map((c: { caseNumber: string }) => c.caseNumber);
  t.is(new Set(caseNumbers).size, 1000);
  const em = app.orm.em.fork();
  t.is(await em.count(ImportedCase, { batch: answer.json.batchId }), 1000);
  t.truthy((await em.findOneOrFail(ImportBatch, answer.json.batchId)).finishedAt);
  // The answer comes once every workflow has started; the workers register them afterwards,
  // all of them side by side: how long that takes is measured by `npm run bench`.
  for (const caseNumber of caseNumbers.filter((_, i) => i % 100 === 99)) {
    const workflow = await app.temporal.workflow.getHandle(caseWorkflowId(caseNumber)).describe();
    t.is(workflow.status.name, 'RUNNING');
  }
  t.log(`1,000 rows answered in ${answeredS.toFixed(1)} s (${Math.round(1000 / answeredS)} rows/s)`);
});
