import anyTest, { type TestFn } from 'ava';
import { newKeyEntry, parseKeyring, UnknownKeyError } from '../../config/encryption-keys';
import { PetitionCase } from '../../db/entities';
import { IdentityDecryptionError } from '../../db/identity-encryption';
import { rotateIdentityKeys } from '../../db/identity-rotation';
import { likelyRepeats } from '../../db/likely-repeats';
import { openDatabase, type Orm } from '../../db/orm';
import { insertLedgerCase, openCases, type MatterFixture } from '../fixtures/repeat-petitions';
import { eventually, testEncryptionKeys, testKeyring, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001'; // 城关镇
const [currentKeyEntry, olderKeyEntry] = testEncryptionKeys.split(',') as [string, string];

const identityColumns = [
  'complainant_name',
  'complainant_phone',
  'complainant_email',
  'id_number',
  'address',
];

const identityRow = async (app: TestApp, caseNumber: string) => {
  const [row] = await app.orm.em.fork().execute<Record<string, string | null>[]>(
    `select complainant_name, complainant_phone, complainant_email, id_number, address, phone_match, email_match,
              c::text as whole
         from petition_case c where case_number = ?`,
    [caseNumber],
  );
  return row!;
};

const province = async (app: TestApp) =>
  (await app.orm.em.fork().execute<{ path: string }[]>(`select path from unit where code = '990000'`))[0]!
    .path;

/** The same database under another keyring, as a process started with another ENCRYPTION_KEYS sees it. */
async function withKeyring<T>(app: TestApp, keys: string, use: (orm: Orm) => Promise<T>): Promise<T> {
  const url = app.orm.config.get('clientUrl')!;
  const orm = await openDatabase(url, { keyring: parseKeyring(keys), poolMax: 2 });
  try {
    return await use(orm);
  } finally {
    await orm.close();
  }
}

const matter = (phone: string, email: string): MatterFixture => ({
  ...openCases.xinqiaoRoadLand,
  complainant: { name: '王明', phone, email, idNumber: '11010119900307123X', address: '新桥村三组12号' },
});

test('a petition through the API leaves no identity in plaintext in its ledger row', async (t) => {
  const { app } = t.context;
  const complainant = {
    name: '李秀英',
    phone: '13911112222',
    email: 'lixiuying@example.cn',
    idNumber: '11010119900307123x',
    address: '东湖县城关镇新桥村三组12号',
  };
  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ unitCode: township, complainant }),
  );
  t.is(answer.status, 201, answer.text);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );

  const row = await identityRow(app, caseNumber);
  for (const value of [...Object.values(complainant), '11010119900307123X', 'LIXIUYING@EXAMPLE.CN']) {
    t.false(row.whole!.includes(value), `${value} is in the row`);
  }
  for (const column of identityColumns) {
    t.regex(row[column]!, /^enc:v1:test2:/, column);
  }
  t.regex(row.phone_match!, /^test2:/);
  t.regex(row.email_match!, /^test2:/);

  // What the staff side reads (the case page's identity view goes through the entity).
  const read = await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber });
  t.deepEqual(
    [
      read.complainantName,
      read.complainantPhone,
      read.complainantEmail,
      read.complainantIdNumber,
      read.complainantAddress,
    ],
    [complainant.name, complainant.phone, complainant.email, '11010119900307123X', complainant.address],
  );
});

test('saving a loaded case does not rewrite its identity: a new random IV is no change', async (t) => {
  const { app } = t.context;
  await insertLedgerCase(
    app.orm.em.fork(),
    'QL2025-750001',
    matter('13722220005', 'a5@example.cn'),
    'in_handling',
  );
  const before = await identityRow(app, 'QL2025-750001');
  const em = app.orm.em.fork();
  const row = await em.findOneOrFail(PetitionCase, { caseNumber: 'QL2025-750001' });
  row.updatedAt = new Date();
  await em.flush();
  const after = await identityRow(app, 'QL2025-750001');
  for (const column of identityColumns) t.is(after[column], before[column], column);
  row.complainantAddress = '新桥村四组';
  await em.flush();
  const moved = await em.fork().findOneOrFail(PetitionCase, { caseNumber: 'QL2025-750001' });
  t.is(moved.complainantAddress, '新桥村四组');
  t.regex((await identityRow(app, 'QL2025-750001')).address!, /^enc:v1:test2:/);
});

test("an ID number of the wrong form is refused in the user's language", async (t) => {
  const { app } = t.context;
  const petition = aPetition({
    complainant: { name: '王明', phone: '13800000000', idNumber: '1101011990030712' },
  });
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, petition, { 'accept-language': 'zh-CN' });
  t.is(answer.status, 422);
  const problem = answer.json.error?.details?.find((d) => d.field === 'complainant.idNumber');
  t.regex(problem?.message ?? '', /身份证号：应为 18 位/);
});

test('an altered identity value in the row is refused when read, not shown', async (t) => {
  const { app } = t.context;
  await insertLedgerCase(
    app.orm.em.fork(),
    'QL2025-710001',
    matter('13722220001', 'a1@example.cn'),
    'in_handling',
  );
  const { complainant_name: stored } = await identityRow(app, 'QL2025-710001');
  const sealed = Buffer.from(stored!.slice(stored!.lastIndexOf(':') + 1), 'base64url');
  sealed[20]! ^= 1;
  const altered = `${stored!.slice(0, stored!.lastIndexOf(':') + 1)}${sealed.toString('base64url')}`;
  await app.orm.em
    .fork()
    .execute(`update petition_case set complainant_name = ? where case_number = 'QL2025-710001'`, [altered]);
  try {
    await t.throwsAsync(app.orm.em.fork().findOne(PetitionCase, { caseNumber: 'QL2025-710001' }), {
      instanceOf: IdentityDecryptionError,
    });
  } finally {
    await app.orm.em.fork().execute(`delete from petition_case where case_number = 'QL2025-710001'`);
  }
});

test.serial(
  'during a rotation, a case written under the older key is still found as the same complainant',
  async (t) => {
    const { app } = t.context;
    await withKeyring(app, olderKeyEntry, (older) =>
      insertLedgerCase(
        older.em.fork(),
        'QL2025-720001',
        matter('13722220002', 'a2@example.cn'),
        'in_handling',
      ),
    );
    await insertLedgerCase(
      app.orm.em.fork(),
      'QL2025-720002',
      {
        ...matter('+86 137-2222-0002', 'A2@Example.cn'),
        summary: '修组级公路占了我家一亩多承包地，说好的补偿款到现在还没给。',
      },
      'registered',
    );
    const found = await likelyRepeats(app.orm.em.fork(), 'QL2025-720002', await province(app));
    t.like(
      found.find((c) => c.caseNumber === 'QL2025-720001'),
      { sameComplainant: true },
    );
  },
);

test.serial(
  'rotation writes every identity under the current key, opens to the same values, and has nothing left to do after',
  async (t) => {
    const { app } = t.context;
    const written = matter('13722220003', 'a3@example.cn');
    await withKeyring(app, olderKeyEntry, (older) =>
      insertLedgerCase(older.em.fork(), 'QL2025-730001', written, 'in_handling'),
    );
    // A row from before encryption: plaintext, no blind index.
    await insertLedgerCase(app.orm.em.fork(), 'QL2025-730002', written, 'in_handling');
    await app.orm.em.fork().execute(
      `update petition_case set complainant_name = '王明', complainant_phone = '13722220003', phone_match = null
        where case_number = 'QL2025-730002'`,
    );
    t.regex((await identityRow(app, 'QL2025-730001')).complainant_phone!, /^enc:v1:test1:/);
    const legacy = await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber: 'QL2025-730002' });
    t.is(legacy.complainantName, '王明', 'plaintext is read as it is until the rotation');

    const counts = await rotateIdentityKeys(app.orm.em.fork(), testKeyring, { batchSize: 2 });
    t.true(counts.reencrypted >= 5, JSON.stringify(counts));
    t.true(counts.encryptedPlaintext >= 2, JSON.stringify(counts));
    for (const caseNumber of ['QL2025-730001', 'QL2025-730002']) {
      const row = await identityRow(app, caseNumber);
      for (const column of identityColumns) {
        t.regex(row[column]!, /^enc:v1:test2:/, `${caseNumber} ${column}`);
      }
      t.regex(row.phone_match!, /^test2:/);
      t.regex(row.email_match!, /^test2:/);
      const read = await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber });
      t.like(read, {
        complainantName: '王明',
        complainantPhone: '13722220003',
        complainantEmail: 'a3@example.cn',
        complainantIdNumber: '11010119900307123X',
        complainantAddress: '新桥村三组12号',
      });
    }
    // The older key can go now: everything opens under the current one alone.
    await withKeyring(app, currentKeyEntry, async (currentOnly) => {
      const read = await currentOnly.em.fork().findOneOrFail(PetitionCase, { caseNumber: 'QL2025-730001' });
      t.is(read.complainantPhone, '13722220003');
    });
    t.deepEqual(await rotateIdentityKeys(app.orm.em.fork(), testKeyring), {
      rows: 0,
      reencrypted: 0,
      encryptedPlaintext: 0,
      rehashed: 0,
    });
  },
);

test.serial('a value under a key no longer listed stops the rotation with that key named', async (t) => {
  const { app } = t.context;
  await withKeyring(app, newKeyEntry('retired'), (gone) =>
    insertLedgerCase(gone.em.fork(), 'QL2025-740001', matter('13722220004', 'a4@example.cn'), 'in_handling'),
  );
  try {
    const error = await t.throwsAsync(rotateIdentityKeys(app.orm.em.fork(), testKeyring), {
      instanceOf: UnknownKeyError,
    });
    t.is(error?.keyId, 'retired');
    t.regex(error?.message ?? '', /"retired".*ENCRYPTION_KEYS/);
  } finally {
    await app.orm.em.fork().execute(`delete from petition_case where case_number = 'QL2025-740001'`);
  }
});
