import anyTest, { type TestFn } from 'ava';
import { reportUnit } from '../../db/close-out-weeks';
import { PetitionCase, Unit } from '../../db/entities';
import { officePeriod, statistics, type Statistics } from '../../db/statistics';
import { categories } from '../../domain/petition';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { suppressSmallCells } from '../../domain/small-cells';
import { officeMidnightOf } from '../../domain/time';
import type { TestApp } from '../helpers/app';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/**
 * 公开统计 and 典型案例: a year of cases in 西山县 written straight into the ledger and the
 * timeline (the workflow is not what is tested here), the public page read as a browser
 * reads it and held against the statistics module, and a typical case taken through its steps.
 */

interface Context extends StackContext {
  clerk: StaffSession;
  head: StaffSession;
}

const test = anyTest as TestFn<Context>;
useTestStack(test, { worker: false });

const county = '990102'; // 西山县
const townships = ['990102001', '990102002']; // 石门镇, 云岭乡
const villages = ['990102001001', '990102002001', '990102002002'];
const year = 2025;
const minimum = 5;
const quickClosureDays = policyFor(currentPolicyVersion).reporting.quickClosureDays;
const countNames = ['received', 'replied', 'repliedInTime'] as const;

/** An office-time instant: month, day, hour (in the counted year unless told). */
const at = (month: number, day: number, hour = 10, inYear = year) =>
  new Date(
    officeMidnightOf(`${inYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`) +
      hour * 3_600_000,
  );

/** A deterministic spread of numbers, so every run writes the same year. */
function* sequence(seed: number) {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    // The low bits of this generator repeat quickly: the high ones spread.
    yield x >>> 12;
  }
}

async function writeCase(
  app: TestApp,
  caseNumber: string,
  unit: Unit,
  category: string,
  status: string,
  events: { type: string; at: Date; data?: Record<string, unknown> }[],
) {
  const em = app.orm.em.fork();
  await em.execute(
    `insert into petition_case (case_number, unit_id, unit_path, channel, category, place, summary, request,
       anonymous, status, deadline_provisional, policy_version, received_at, registered_at, last_event_seq,
       updated_at, closed_at)
     values (?, ?, ?, 'web', ?, '石门镇', '反映的问题', '请求处理', false, ?, false, '2026.1', ?, ?, ?, ?, ?)`,
    [
      caseNumber,
      unit.id,
      unit.path,
      category,
      status,
      events[0]!.at,
      events[0]!.at,
      events.length,
      events.at(-1)!.at,
      status === 'closed_out' ? events.at(-1)!.at : null,
    ],
  );
  for (const [i, e] of events.entries()) {
    await em.execute(
      `insert into case_event (case_number, seq, type, occurred_at, actor, data, policy_version)
       values (?, ?, ?, ?, 'system', ?::jsonb, '2026.1')`,
      [caseNumber, i + 1, e.type, e.at, JSON.stringify(e.data ?? {})],
    );
  }
}

/** About 150 cases over 2025, few enough per month and category that many cells are small. */
async function writeYear(app: TestApp) {
  const em = app.orm.em.fork();
  const units = await Promise.all(villages.map((code) => em.findOneOrFail(Unit, { code })));
  const random = sequence(20251);
  const next = (n: number) => random.next().value! % n;
  for (let i = 1; i <= 150; i++) {
    // The first categories get most cases, so some cells are large and others small.
    const category = categories[Math.min(next(4) + next(4), categories.length - 1)]!;
    const month = 1 + next(12);
    const day = 1 + next(20);
    const events: { type: string; at: Date; data?: Record<string, unknown> }[] = [
      { type: 'registered', at: at(month, day), data: { channel: 'web' } },
      { type: 'accepted', at: at(month, day, 15) },
    ];
    const replyMonth = Math.min(12, month + next(2));
    const replied = next(10) < 7;
    if (replied) {
      if (next(4) === 0)
        events.push({ type: 'deadline_escalated', at: at(replyMonth, 22), data: { clock: 'handling' } });
      events.push({ type: 'replied', at: at(replyMonth, 25) });
      if (next(3) > 0)
        events.push({ type: 'evaluated', at: at(replyMonth, 27), data: { satisfied: next(5) > 0 } });
    }
    await writeCase(
      app,
      `QL2025-${String(700000 + i)}`,
      units[next(units.length)]!,
      category,
      replied ? 'replied' : 'in_handling',
      events,
    );
  }
}

const counted = async (app: TestApp, code: string, month: number): Promise<Statistics> => {
  const em = app.orm.em.fork();
  const unit = (await reportUnit(em, (await em.findOneOrFail(Unit, { code })).id))!;
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const after = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return statistics(em, { unit, ...officePeriod(first, after), quickClosureDays, minimumForRate: minimum });
};

interface ShownCell {
  text: string;
  shown: string | undefined;
}

/** A figure's table on the page: rows by `data-month`, cells by `data-category`. */
function tableOf(html: string, id: string): Map<string, Map<string, ShownCell>> {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const rows = new Map<string, Map<string, ShownCell>>();
  for (const [, month, body] of table.matchAll(/<tr data-month="([^"]+)">([\s\S]*?)<\/tr>/g)) {
    const cells = new Map<string, ShownCell>();
    for (const [, category, attrs, text] of body!.matchAll(
      /<td data-category="([^"]+)"([^>]*)>([\s\S]*?)<\/td>/g,
    )) {
      cells.set(category!, {
        text: text!.replace(/<[^>]+>/g, ''),
        shown: /data-shown="(\w+)"/.exec(attrs!)?.[1],
      });
    }
    rows.set(month!, cells);
  }
  return rows;
}

async function page(app: TestApp, path: string, language = 'zh-CN') {
  const response = await fetch(`${app.baseUrl}${path}`, { headers: { 'accept-language': language } });
  return { status: response.status, html: await response.text() };
}

test.serial.before(async (t) => {
  const { app } = t.context;
  await writeYear(app);
  [t.context.clerk, t.context.head] = await Promise.all([
    signIn(app.baseUrl, demoAccount.clerk(county)),
    signIn(app.baseUrl, demoAccount.officeHead(county)),
  ]);
});

test('the public page shows the statistics module’s numbers for a county’s year, month by month and category by category', async (t) => {
  const { app } = t.context;
  const answer = await page(app, `/statistics?county=${county}&year=${year}`);
  t.is(answer.status, 200, answer.html);
  const months = await Promise.all([...Array(12).keys()].map((i) => counted(app, county, i + 1)));
  let compared = 0;
  for (const name of countNames) {
    const table = tableOf(answer.html, `figure-${name}`);
    t.is(table.size, 13, `${name}: twelve months and the totals`);
    const yearTotals = new Map<string, number>();
    for (const [i, s] of months.entries()) {
      const row = table.get(`${year}-${String(i + 1).padStart(2, '0')}`)!;
      const expected = new Map<string, number>([
        ...s.byCategory.map((b): [string, number] => [b.category, b.figures[name]]),
        ['total', s.figures[name]],
      ]);
      for (const [category, n] of expected) {
        yearTotals.set(category, (yearTotals.get(category) ?? 0) + n);
        const cell = row.get(category)!;
        if (cell.shown === 'shown') {
          t.is(cell.text, String(n), `${name} ${i + 1} ${category}`);
          compared += 1;
        }
      }
    }
    for (const [category, n] of yearTotals) {
      const cell = table.get('total')!.get(category)!;
      if (cell.shown === 'shown') t.is(cell.text, String(n), `${name} total ${category}`);
    }
  }
  t.true(compared > 20, `only ${compared} numbers were shown`);
  // Satisfaction: a rate wherever the month and category had enough evaluations, and only there.
  const satisfaction = tableOf(answer.html, 'figure-satisfaction');
  for (const [i, s] of months.entries()) {
    const row = satisfaction.get(`${year}-${String(i + 1).padStart(2, '0')}`)!;
    const { satisfied, evaluations } = s.figures;
    const expected = evaluations >= minimum ? `${Math.round((satisfied / evaluations) * 1000) / 10}%` : '—';
    t.is(row.get('total')!.text, expected, `satisfaction of month ${i + 1}`);
  }
});

test('a township’s month shows the statistics module’s numbers for that township', async (t) => {
  const { app } = t.context;
  const answer = await page(
    app,
    `/statistics?county=${county}&township=${townships[1]}&year=${year}&month=3`,
  );
  t.is(answer.status, 200, answer.html);
  t.true(answer.html.includes('云岭乡'));
  const s = await counted(app, townships[1]!, 3);
  for (const name of countNames) {
    const table = tableOf(answer.html, `figure-${name}`);
    t.deepEqual([...table.keys()], [`${year}-03`]);
    const row = table.get(`${year}-03`)!;
    for (const b of s.byCategory) {
      const cell = row.get(b.category)!;
      if (b.figures[name] < minimum) t.not(cell.shown, 'shown', `${name} ${b.category} is small`);
      if (cell.shown === 'shown') t.is(cell.text, String(b.figures[name]));
    }
  }
});

test('every month’s page hides what the year’s page hides in that month’s row, for the county and each township', async (t) => {
  const { app } = t.context;
  for (const place of [`county=${county}`, ...townships.map((code) => `county=${county}&township=${code}`)]) {
    const wholeYear = await page(app, `/statistics?${place}&year=${year}`);
    for (let month = 1; month <= 12; month++) {
      const key = `${year}-${String(month).padStart(2, '0')}`;
      const monthly = await page(app, `/statistics?${place}&year=${year}&month=${month}`);
      for (const name of countNames) {
        t.deepEqual(
          tableOf(monthly.html, `figure-${name}`).get(key),
          tableOf(wholeYear.html, `figure-${name}`).get(key),
          `${place}, ${key}, ${name}`,
        );
      }
    }
  }
});

/** The rank of a matrix, by elimination (the tables are small and their entries -1, 0 and 1). */
function rank(matrix: number[][]): number {
  const m = matrix.map((row) => [...row]);
  let r = 0;
  for (let col = 0; col < (m[0]?.length ?? 0) && r < m.length; col++) {
    const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[col]!) > 1e-9);
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const factor = m[i]![col]! / m[r]![col]!;
      if (factor !== 0) m[i] = m[i]!.map((v, k) => v - factor * m[r]![k]!);
    }
    r += 1;
  }
  return r;
}

/**
 * The hidden numbers of a table with totals that its rows and columns give away: a hidden
 * number is worked out exactly when it is a combination of the lines' equations, that is
 * when adding it as an equation of its own leaves the rank where it was.
 */
function recoverable(hidden: boolean[][]): [number, number][] {
  const unknowns = hidden.flatMap((row, i) => row.flatMap((h, j): [number, number][] => (h ? [[i, j]] : [])));
  const last = { row: hidden.length - 1, column: hidden[0]!.length - 1 };
  const equation = (cells: [number, number][], total: [number, number]) =>
    unknowns.map(([i, j]) =>
      cells.some(([a, b]) => a === i && b === j) ? 1 : total[0] === i && total[1] === j ? -1 : 0,
    );
  const lines = [
    ...hidden.map((row, i) =>
      equation(
        row.slice(0, -1).map((_h, j): [number, number] => [i, j]),
        [i, last.column],
      ),
    ),
    ...hidden[0]!.map((_h, j) =>
      equation(
        hidden.slice(0, -1).map((_row, i): [number, number] => [i, j]),
        [last.row, j],
      ),
    ),
  ];
  const base = rank(lines);
  return unknowns.filter((_u, k) => rank([...lines, unknowns.map((_v, l) => (l === k ? 1 : 0))]) === base);
}

test('no number under the minimum is shown, and no hidden number can be worked out from the rows and columns and their totals', async (t) => {
  const { app } = t.context;
  const answer = await page(app, `/statistics?county=${county}&year=${year}`);
  let small = 0;
  let complementary = 0;
  for (const name of countNames) {
    const table = tableOf(answer.html, `figure-${name}`);
    const rows = [...table.values()].map((row) => [...categories, 'total'].map((c) => row.get(c)!));
    for (const cell of rows.flat()) {
      if (cell.shown === 'shown') t.true(Number(cell.text) >= minimum, `${name}: ${cell.text} is shown`);
      else t.true(['少于5件', '不公开'].includes(cell.text), `${name}: a hidden cell reads ${cell.text}`);
    }
    t.deepEqual(
      recoverable(rows.map((row) => row.map((cell) => cell.shown !== 'shown'))),
      [],
      `${name}: hidden numbers that the totals give away (month row, category column)`,
    );
    small += rows.flat().filter((c) => c.shown === 'small').length;
    complementary += rows.flat().filter((c) => c.shown === 'complementary').length;
  }
  t.true(
    small > 0 && complementary > 0,
    `small ${small}, complementary ${complementary}: the year should need both`,
  );
  t.true(answer.html.includes('少于5件'));
  t.false(/QL\d{4}-\d+/.test(answer.html), 'no case number on the public page');
});

test('a hidden number that alone joins two groups of hidden numbers gets a partner, though every row and column hides two or more', (t) => {
  // Rows A–D and columns 1–4 with their totals: small numbers in two rectangles, A1 A2 B1 B2 and
  // C3 C4 D3 D4, and A3 between them. No line hides just one, yet column 3 less rows C and D
  // and column 4 gives A3 away.
  const cells = [
    [2, 3, 1, 20],
    [4, 2, 20, 20],
    [20, 20, 3, 1],
    [20, 20, 2, 4],
  ];
  const withTotals = [...cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)])];
  withTotals.push(withTotals[0]!.map((_n, j) => withTotals.reduce((sum, row) => sum + row[j]!, 0)));
  const lineRuleOnly = withTotals.map((row) => row.map((n) => n < minimum));
  t.deepEqual(recoverable(lineRuleOnly), [[0, 2]], 'the example gives A3 away under the line rule alone');
  const shown = suppressSmallCells(withTotals, minimum);
  t.deepEqual(recoverable(shown.map((row) => row.map((s) => s !== 'shown'))), []);
  t.is(shown.flat().filter((s) => s === 'complementary').length, 1, 'one partner is enough');
});

test('the public page counts a period once a minute at most: a case registered meanwhile does not change its figures, though the database counts it', async (t) => {
  const { app } = t.context;
  // 东湖县 in April of the year before: no other test counts or writes there.
  const em = app.orm.em.fork();
  const village = await em.findOneOrFail(Unit, { code: '990101001001' });
  const registerOne = (n: number) =>
    writeCase(app, `QL2024-${String(760000 + n)}`, village, 'urban', 'registered', [
      { type: 'registered', at: at(4, 10, 10, year - 1), data: { channel: 'web' } },
    ]);
  for (let n = 1; n <= 6; n++) await registerOne(n);
  const path = `/statistics?county=990101&year=${year - 1}&month=4`;
  const receivedUrban = async () =>
    tableOf((await page(app, path)).html, 'figure-received')
      .get(`${year - 1}-04`)!
      .get('urban')!.text;
  t.is(await receivedUrban(), '6');
  await registerOne(7);
  t.is(await receivedUrban(), '6', 'the same figures within the minute');
  const unit = (await reportUnit(em, (await em.findOneOrFail(Unit, { code: '990101' })).id))!;
  const now = await statistics(em, {
    unit,
    ...officePeriod(`${year - 1}-04-01`, `${year - 1}-05-01`),
    quickClosureDays,
  });
  t.is(
    now.byCategory.find((b) => b.category === 'urban')!.figures.received,
    7,
    'the database has the new case',
  );
});

test('the public list of typical cases goes ten to a page, newest first', async (t) => {
  const { app } = t.context;
  // Published ones written straight into the table: the steps are the other tests' subject.
  const em = app.orm.em.fork();
  const village = await em.findOneOrFail(Unit, { code: '990101002001' }); // 柳溪村, 东湖县
  const [writer] = await em.execute<{ id: number }[]>(`select id from staff_member where email = ?`, [
    demoAccount.clerk('990101'),
  ]);
  for (let n = 1; n <= 12; n++) {
    const caseNumber = `QL2024-${String(770000 + n)}`;
    await writeCase(app, caseNumber, village, 'rural', 'closed_out', [
      { type: 'registered', at: at(2, 3, 10, year - 1), data: { channel: 'web' } },
    ]);
    await em.execute(
      `insert into typical_case (unit_id, case_number, title, summary, category, concluded_month, status,
         written_by, written_at, published_at, updated_at)
       values (?, ?, ?, ?, 'rural', '2024-02', 'published', ?, now(), now() + make_interval(mins => ?), now())`,
      [village.id, caseNumber, `柳溪村第${n}号典型案例`, summaryWith(''), writer!.id, n],
    );
  }
  const titles = async (pageNumber: number) =>
    [
      ...(await page(app, `/statistics/typical-cases?county=990101&page=${pageNumber}`)).html.matchAll(
        /<h3[^>]*>([^<]+)<\/h3>/g,
      ),
    ].map((m) => m[1]);
  const first = await titles(1);
  t.is(first.length, 10);
  t.is(first[0], '柳溪村第12号典型案例', 'newest first');
  t.deepEqual(await titles(2), ['柳溪村第2号典型案例', '柳溪村第1号典型案例']);
  t.true((await page(app, `/statistics/typical-cases?county=990101&page=2`)).html.includes('第 2 / 2 页'));
});

test('bad input on the public pages is refused with a message in the reader’s language', async (t) => {
  const { app } = t.context;
  const cases: [string, number, string, string][] = [
    [`/statistics?county=${county}&year=abc`, 422, '年份', 'Year'],
    [`/statistics?county=${county}&year=${year}&month=13`, 422, '月份', 'Month'],
    [`/statistics?county=999999&year=${year}`, 404, '没有这个县', 'no such county'],
    [`/statistics?county=${county}&township=990101001&year=${year}`, 422, '不属于西山县', 'not in 西山县'],
    [`/statistics?county=${county}&year=2999`, 422, '不能晚于今年', 'later than this year'],
    // A county that is no code at all, refused with another field: the page must not look it up.
    [`/statistics?county=%00${county}&year=1999`, 422, '年份', 'Year'],
    [`/statistics/typical-cases?county=${county}&page=0`, 422, '页码', 'Page'],
  ];
  for (const [path, status, zh, en] of cases) {
    const chinese = await page(app, path);
    t.is(chinese.status, status, path);
    t.true(chinese.html.includes(zh), `${path}: ${zh}`);
    const english = await page(app, path, 'en');
    t.is(english.status, status, path);
    t.true(english.html.includes(en), `${path}: ${en}`);
  }
});

/** A concluded case of 石门村 with a named complainant, written straight into the ledger. */
async function concludedCase(app: TestApp, caseNumber: string, status = 'closed_out') {
  const em = app.orm.em.fork();
  const unit = await em.findOneOrFail(Unit, { code: villages[0]! });
  await writeCase(app, caseNumber, unit, 'land', status, [
    // In the year before the counted one: the public figures are kept a minute and must not move under the other tests.
    { type: 'registered', at: at(5, 3, 10, year - 1), data: { channel: 'web' } },
    { type: 'replied', at: at(6, 10, 10, year - 1) },
  ]);
  const row = await em.findOneOrFail(PetitionCase, { caseNumber });
  row.complainantName = '赵德明';
  row.complainantPhone = '13912345678';
  row.complainantIdNumber = '110101199003074512';
  await em.flush();
}

const summaryWith = (extra: string) =>
  `石门镇某村村民反映土地征收补偿款迟迟未发放。${extra}镇信访办受理后会同自然资源所、村委会核实征收面积和补偿标准，发现村里漏报了一块承包地。经重新测量和公示，补偿款于一个月内足额发放，当事人表示满意。`;

test('a typical case is written from a concluded case, refused while it names the complainant, and published by another person until withdrawn', async (t) => {
  const { app, clerk, head } = t.context;
  await concludedCase(app, 'QL2025-710001');
  await concludedCase(app, 'QL2025-710002', 'in_handling');

  const open = await clerk.post('/api/v1/staff/typical-cases', {
    caseNumber: 'QL2025-710002',
    title: '征收补偿款漏发问题得到解决',
    summary: summaryWith(''),
  });
  t.is(open.status, 422, open.text);
  t.regex(open.json.error?.message as string, /尚未办结/);

  const draft = await clerk.post('/api/v1/staff/typical-cases', {
    caseNumber: 'QL2025-710001',
    title: '征收补偿款漏发问题得到解决',
    summary: summaryWith('村民赵德明（电话 139-1234-5678）多次来访。'),
  });
  t.is(draft.status, 201, draft.text);
  const id = draft.json.id as number;
  t.is(draft.json.status, 'draft');
  t.is(draft.json.concludedMonth, `${year - 1}-06`);

  const publicList = () => page(app, `/statistics/typical-cases?county=${county}`);
  t.false((await publicList()).html.includes('征收补偿款漏发问题得到解决'), 'a draft is not public');

  const refused = await clerk.post(`/api/v1/staff/typical-cases/${id}/submit`, {});
  t.is(refused.status, 422, refused.text);
  t.regex(refused.json.error?.message as string, /姓名（赵\*\*）/);
  t.regex(refused.json.error?.message as string, /电话号码（139\*\*\*\*5678）/);

  const rewritten = await clerk.put(`/api/v1/staff/typical-cases/${id}`, {
    title: '征收补偿款漏发问题得到解决',
    summary: summaryWith('当事人多次来访。'),
  });
  t.is(rewritten.status, 200, JSON.stringify(rewritten.json));
  const submitted = await clerk.post(`/api/v1/staff/typical-cases/${id}/submit`, {});
  t.is(submitted.status, 200, submitted.text);
  t.is(submitted.json.status, 'submitted');

  const byClerk = await clerk.post(`/api/v1/staff/typical-cases/${id}/publish`, {});
  t.is(byClerk.status, 403, 'a clerk does not publish');
  const published = await head.post(`/api/v1/staff/typical-cases/${id}/publish`, { note: '同意公开' });
  t.is(published.status, 200, published.text);
  t.is(published.json.status, 'published');
  t.truthy((published.json.reviewedBy as { name: string }).name);

  const listed = await publicList();
  t.true(listed.html.includes('征收补偿款漏发问题得到解决'));
  t.true(listed.html.includes('当事人多次来访'));
  t.false(listed.html.includes('QL2025-710001'), 'the source case stays internal');

  const again = await head.post(`/api/v1/staff/typical-cases/${id}/publish`, {});
  t.is(again.status, 409, 'published once');
  const withdrawn = await head.post(`/api/v1/staff/typical-cases/${id}/withdraw`, {
    withdrawalReason: '当事人要求',
  });
  t.is(withdrawn.status, 200, withdrawn.text);
  t.false(
    (await publicList()).html.includes('征收补偿款漏发问题得到解决'),
    'withdrawn, gone from the public page',
  );

  const logged = await app.orm.em
    .fork()
    .execute<{ action: string }[]>(
      `select action from admin_change where entity = 'typical_case' and entity_id = ? order by id`,
      [String(id)],
    );
  t.deepEqual(
    logged.map((l) => l.action),
    [
      'typical_case.write',
      'typical_case.edit',
      'typical_case.submit',
      'typical_case.publish',
      'typical_case.withdraw',
    ],
  );
});

test('the office head cannot publish a typical case they wrote or changed, other offices do not see it, and bad drafts are refused in the writer’s language', async (t) => {
  const { app, clerk, head } = t.context;
  await concludedCase(app, 'QL2025-710003');
  const own = await head.post('/api/v1/staff/typical-cases', {
    caseNumber: 'QL2025-710003',
    title: '土地承包纠纷化解',
    summary: summaryWith(''),
  });
  t.is(own.status, 201, own.text);
  t.is((await head.post(`/api/v1/staff/typical-cases/${own.json.id}/submit`, {})).status, 200);
  const self = await head.post(`/api/v1/staff/typical-cases/${own.json.id}/publish`, {});
  t.is(self.status, 403);
  t.regex(self.json.error?.message as string, /撰写或修改过它的人以外/);

  // A head who changed a clerk's text is one of its authors too.
  await concludedCase(app, 'QL2025-710004');
  const clerks = await clerk.post('/api/v1/staff/typical-cases', {
    caseNumber: 'QL2025-710004',
    title: '土地承包纠纷化解',
    summary: summaryWith(''),
  });
  const changed = await head.put(`/api/v1/staff/typical-cases/${clerks.json.id}`, {
    title: '土地承包纠纷得到化解',
    summary: summaryWith('镇村两级多次调解。'),
  });
  t.is(changed.status, 200);
  t.is((await clerk.post(`/api/v1/staff/typical-cases/${clerks.json.id}/submit`, {})).status, 200);
  t.is((await head.post(`/api/v1/staff/typical-cases/${clerks.json.id}/publish`, {})).status, 403);

  const tooShort = await head.post('/api/v1/staff/typical-cases', {
    caseNumber: 'QL2025-710003',
    title: '短',
    summary: '太短',
  });
  t.is(tooShort.status, 422);
  t.regex(JSON.stringify(tooShort.json), /至少 4 个字/);
  const english = await fetch(`${app.baseUrl}/api/v1/staff/typical-cases`, {
    method: 'POST',
    headers: {
      cookie: head.cookie,
      'x-csrf-token': head.csrfToken,
      'content-type': 'application/json',
      'accept-language': 'en',
    },
    body: JSON.stringify({ caseNumber: 'not a number', title: '土地承包纠纷化解', summary: summaryWith('') }),
  });
  t.is(english.status, 422);
  t.regex(await english.text(), /QL2026-000001/);
  t.is((await head.get('/api/v1/staff/typical-cases/999999')).status, 404);
  // Another county's office does not see 西山县's typical cases; a handling department writes none.
  const [otherCounty, handler] = await Promise.all([
    signIn(app.baseUrl, demoAccount.officeHead('990101')),
    signIn(app.baseUrl, demoAccount.handler(`${county}-zj`)),
  ]);
  t.is((await otherCounty.get(`/api/v1/staff/typical-cases/${own.json.id}`)).status, 404);
  t.false(
    ((await otherCounty.get('/api/v1/staff/typical-cases')).json.items as { id: number }[]).some(
      (item) => item.id === own.json.id,
    ),
  );
  t.is((await handler.get('/api/v1/staff/typical-cases')).status, 403);
});
