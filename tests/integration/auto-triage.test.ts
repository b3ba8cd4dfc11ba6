import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { PetitionCase } from '../../db/entities';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/**
 * 自动研判 and clusters: five villagers of 新桥村 report their village secretary, each
 * writing his name a little differently; another report names someone else; two reports in
 * 西山县 name a man of the same name there. The county commission sees one cluster of five,
 * the automatic triage beside each report shows the others; no office sees what lies
 * outside its jurisdiction, and no name is shown.
 */
type Context = StackContext & { people: Record<Who, StaffSession>; reports: string[] };
const test = anyTest as TestFn<Context>;

useTestStack(test);

const accounts = {
  commission: demoAccount.clerk('990101-jw'), // 东湖县纪委监委
  otherCommission: demoAccount.clerk('990102-jw'), // 西山县纪委监委
  township: demoAccount.clerk('990101001'), // 城关镇, above the accused village
  handler: demoAccount.handler('990101001-zz'),
};
type Who = keyof typeof accounts;

const secretary = '王建国';
/** The same name as five villagers wrote it: spaces between the characters, full-width spaces. */
const spellings = ['王建国', '王 建国', ' 王建国 ', '王\u3000建\u3000国', '王建国'];

async function report(
  t: ExecutionContext<Context>,
  i: number,
  accused: { name: string; unitCode: string },
  place: { unitCode: string; place: string },
) {
  const answer = await postJson(`${t.context.app.baseUrl}/api/v1/petitions`, {
    ...aPetition({
      unitCode: place.unitCode,
      kind: 'report',
      category: 'discipline',
      place: place.place,
      summary: '村支书在发放征地补偿款时，每户扣留三千九百元作为手续费，没有任何收据。',
      request: '查处村支书截留补偿款的问题',
      complainant: {
        name: `村民${i}`,
        phone: `1370000${String(1000 + i)}`,
        email: `villager${i}@example.cn`,
      },
    }),
    accused: { ...accused, position: '村党支部书记' },
  });
  if (answer.status !== 201) throw new Error(`report refused: ${answer.status} ${answer.text}`);
  return answer.json.caseNumber as string;
}

test.serial.before(async (t) => {
  const entries = await Promise.all(
    Object.entries(accounts).map(async ([who, email]) => [who, await signIn(t.context.app.baseUrl, email)]),
  );
  t.context.people = Object.fromEntries(entries) as Record<Who, StaffSession>;
  const xinqiao = { unitCode: '990101001', place: '东湖县城关镇新桥村' };
  const shimen = { unitCode: '990102001', place: '西山县石门镇石门村' };
  const reports: string[] = [];
  for (const [i, name] of spellings.entries()) {
    reports.push(await report(t, i, { name, unitCode: '990101001002' }, xinqiao));
  }
  reports.push(await report(t, 10, { name: '李卫东', unitCode: '990101001002' }, xinqiao));
  reports.push(await report(t, 20, { name: secretary, unitCode: '990102001001' }, shimen));
  reports.push(await report(t, 21, { name: secretary, unitCode: '990102001001' }, shimen));
  await eventually(async () => {
    const rows = await t.context.app.orm.em.fork().count(PetitionCase, { caseNumber: { $in: reports } });
    return rows === reports.length ? true : undefined;
  }, 60_000);
  t.context.reports = reports;
});

interface ClusterAnswer {
  reports: number;
  complainants: number;
  positions: string[];
  units: { code: string; name: string }[];
  caseNumbers: string[];
}

const clustersOf = async (t: ExecutionContext<Context>, who: Who) =>
  (await t.context.people[who].get('/api/v1/staff/auto-triage/clusters')).json as {
    people: ClusterAnswer[];
    units: ClusterAnswer[];
  };

test('five reports by different complainants naming the same person, spelled with spaces or full-width spaces, are one cluster of five; another person is not in it', async (t) => {
  const answer = await clustersOf(t, 'commission');
  const five = t.context.reports.slice(0, 5);
  t.is(answer.people.length, 1);
  t.like(answer.people[0], { reports: 5, complainants: 5, positions: ['村党支部书记'] });
  t.deepEqual([...answer.people[0]!.caseNumbers].sort(), [...five].sort());
  t.deepEqual(
    answer.people[0]!.units.map((u) => u.code),
    ['990101001002'],
  );
  t.false(JSON.stringify(answer).includes(secretary), 'no name in the cluster view');
  // The village is reported six times by six people (the secretary five times, someone else once).
  t.is(answer.units.length, 1);
  t.like(answer.units[0], { reports: 6, complainants: 6 });
});

test('a cluster view never reaches outside the jurisdiction: 西山县 sees its own two reports only, the accused village’s township none', async (t) => {
  const other = await clustersOf(t, 'otherCommission');
  t.is(other.people.length, 1);
  t.deepEqual([...other.people[0]!.caseNumbers].sort(), t.context.reports.slice(6).sort());
  t.false(other.units.some((u) => u.units.some((unit) => unit.code === '990101001002')));
  const township = await clustersOf(t, 'township');
  t.deepEqual(township, { ...township, people: [], units: [] });
  const handler = await t.context.people.handler.get('/api/v1/staff/auto-triage/clusters');
  t.is(handler.status, 403, 'departments do not read clusters');
});

test('the automatic triage beside a report lists the other reports on the same person and unit, never those outside the jurisdiction', async (t) => {
  const [first, ...rest] = t.context.reports;
  const page = await t.context.people.commission.get(`/api/v1/staff/cases/${first}/auto-triage`);
  t.is(page.status, 200);
  const related = page.json.related as { caseNumber: string; signals: string[] }[];
  const signalsOf = (caseNumber: string) => related.find((r) => r.caseNumber === caseNumber)?.signals ?? [];
  for (const other of rest.slice(0, 4)) {
    t.true(signalsOf(other).includes('same_person'), `${other}: same person`);
    t.true(signalsOf(other).includes('same_unit'), `${other}: same unit`);
  }
  t.deepEqual(
    signalsOf(rest[4]!).filter((s) => s !== 'similar_matter'),
    ['same_unit'],
    'someone else in the village',
  );
  for (const outside of rest.slice(5))
    t.deepEqual(signalsOf(outside), [], `${outside}: outside the jurisdiction`);
  t.like(page.json.counts, { same_person: 4, same_unit: 5 });
  t.false(JSON.stringify(page.json).includes(secretary), 'no name in the automatic triage');

  const outsider = await t.context.people.otherCommission.get(`/api/v1/staff/cases/${first}/auto-triage`);
  t.is(outsider.status, 404);
});

test('the automatic triage lists the same complainant’s earlier petitions by blind index', async (t) => {
  const first = t.context.reports[0]!;
  const again = await postJson(`${t.context.app.baseUrl}/api/v1/petitions`, {
    ...aPetition({
      unitCode: '990101001',
      kind: 'report',
      category: 'discipline',
      place: '东湖县城关镇新桥村',
      summary: '村委会账目三年没有公开，村民看不到集体收入去向。',
      request: '公开村集体账目',
      complainant: { name: '村民0', phone: '13700001000', email: 'villager0@example.cn' },
    }),
    accused: { name: '赵会计', position: '村会计', unitCode: '990101001002' },
  });
  t.is(again.status, 201, again.text);
  const caseNumber = again.json.caseNumber as string;
  const related = await eventually(async () => {
    const page = await t.context.people.commission.get(`/api/v1/staff/cases/${caseNumber}/auto-triage`);
    return page.status === 200
      ? (page.json.related as { caseNumber: string; signals: string[] }[])
      : undefined;
  }, 30_000);
  t.true(related.find((r) => r.caseNumber === first)?.signals.includes('same_complainant'));
});
