import type { EntityManager } from '@mikro-orm/postgresql';
import { hash } from '@node-rs/argon2';
import { inOfficeTime } from '../../domain/time-zone';
import { Campaign } from '../entities/campaign';
import { Department, type DepartmentKind } from '../entities/department';
import { StaffMember, type StaffRole } from '../entities/staff-member';
import { Unit, type UnitLevel } from '../entities/unit';

interface DemoUnit {
  code: string;
  name: string;
  level: UnitLevel;
  children?: DemoUnit[];
}

/** A small, fictional province: one city, two counties, their townships and villages. */
export const demoProvince: DemoUnit = {
  code: '990000',
  name: '示范省',
  level: 'province',
  children: [
    {
      code: '990100',
      name: '清源市',
      level: 'city',
      children: [
        {
          code: '990101',
          name: '东湖县',
          level: 'county',
          children: [
            {
              code: '990101001',
              name: '城关镇',
              level: 'township',
              children: [
                { code: '990101001001', name: '河东社区', level: 'village' },
                { code: '990101001002', name: '新桥村', level: 'village' },
              ],
            },
            {
              code: '990101002',
              name: '柳溪乡',
              level: 'township',
              children: [{ code: '990101002001', name: '柳溪村', level: 'village' }],
            },
          ],
        },
        {
          code: '990102',
          name: '西山县',
          level: 'county',
          children: [
            {
              code: '990102001',
              name: '石门镇',
              level: 'township',
              children: [{ code: '990102001001', name: '石门村', level: 'village' }],
            },
            {
              code: '990102002',
              name: '云岭乡',
              level: 'township',
              children: [
                { code: '990102002001', name: '云岭村', level: 'village' },
                { code: '990102002002', name: '茶园村', level: 'village' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** Which bodies each level has: every unit a petition office; county and up a discipline body and line departments. */
function departmentsFor(level: UnitLevel): { suffix: string; name: string; kind: DepartmentKind }[] {
  const office = {
    suffix: 'xf',
    name: level === 'village' ? '村（社区）信访代理点' : '信访办',
    kind: 'petition_office' as const,
  };
  if (level === 'village') return [office];
  if (level === 'township') {
    return [
      office,
      { suffix: 'zz', name: '综治中心', kind: 'handling_department' },
      { suffix: 'ny', name: '农业农村办', kind: 'handling_department' },
    ];
  }
  return [
    { ...office, name: '信访局' },
    { suffix: 'jw', name: '纪委监委', kind: 'discipline_body' },
    { suffix: 'zj', name: '住房和城乡建设局', kind: 'handling_department' },
    { suffix: 'rs', name: '人力资源和社会保障局', kind: 'handling_department' },
    { suffix: 'zr', name: '自然资源局', kind: 'handling_department' },
    { suffix: 'hb', name: '生态环境局', kind: 'handling_department' },
  ];
}

/** Every demo account signs in with this password; README and `npm start` print it. */
export const demoPassword = 'qingling-demo';

const demoSurnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];

/**
 * Loads the demo province with its offices, departments and people. Idempotent:
 * rows are found by their codes and e-mail addresses, so every start may call it.
 */
export async function seedDemoData(em: EntityManager): Promise<void> {
  let person = 0;
  // One hash for all demo accounts, made only when an account needs it: most starts create none.
  let hashed: Promise<string> | undefined;
  const passwordHash = () => (hashed ??= hash(demoPassword));
  const nextName = () =>
    `${demoSurnames[person++ % demoSurnames.length]}${['明', '华', '强', '敏', '静', '伟'][person % 6]}`;

  const upsertStaff = async (
    unit: Unit,
    department: Department | null,
    role: StaffRole,
    title: string,
    key: string,
  ) => {
    const email = `${key}@demo.qingling.local`;
    if (await em.findOne(StaffMember, { email })) return;
    em.persist(
      Object.assign(new StaffMember(), {
        unit,
        department,
        role,
        title,
        name: nextName(),
        email,
        passwordHash: await passwordHash(),
        active: true,
      }),
    );
  };

  const visit = async (demo: DemoUnit, parent: Unit | null): Promise<void> => {
    let unit = await em.findOne(Unit, { code: demo.code });
    if (!unit) {
      unit = Object.assign(new Unit(), {
        code: demo.code,
        name: demo.name,
        level: demo.level,
        parent,
        path: '',
      });
      await em.persistAndFlush(unit);
      unit.path = `${parent?.path ?? '/'}${unit.id}/`;
    }
    for (const spec of departmentsFor(demo.level)) {
      const code = `${demo.code}-${spec.suffix}`;
      let department = await em.findOne(Department, { code });
      if (!department) {
        department = Object.assign(new Department(), { unit, code, name: spec.name, kind: spec.kind });
        em.persist(department);
      }
      if (spec.kind === 'petition_office') {
        await upsertStaff(unit, department, 'clerk', '信访干部', `clerk.${demo.code}`);
        await upsertStaff(unit, department, 'office_head', '信访部门负责人', `head.${demo.code}`);
      } else if (spec.kind === 'handling_department') {
        await upsertStaff(unit, department, 'handler', '承办人', `handler.${code}`);
      }
    }
    await upsertStaff(
      unit,
      null,
      'leader',
      demo.level === 'village' ? '村党组织书记' : '党委（党组）负责人',
      `leader.${demo.code}`,
    );
    if (demo.level === 'city' || demo.level === 'county') {
      // A second leader, so that two can claim the same backlog case (包案) and only one gets it.
      await upsertStaff(unit, null, 'leader', '分管副职领导', `deputy.${demo.code}`);
    }
    if (demo.level === 'province' || demo.level === 'city') {
      await upsertStaff(unit, null, 'supervisor', '督查专员', `supervisor.${demo.code}`);
    }
    if (demo.level === 'province') {
      await upsertStaff(unit, null, 'admin', '系统管理员', `admin.${demo.code}`);
      await upsertStaff(unit, null, 'auditor', '安全审计员', `auditor.${demo.code}`);
    }
    await em.flush();
    for (const child of demo.children ?? []) await visit(child, unit);
  };

  await visit(demoProvince, null);
  await seedDisciplineBodies(em, demoProvince, null, upsertStaff);
  await seedDemoCampaign(em);
  // Demo data loaded before sign-in existed gets its password too.
  const withoutPassword = { email: { $like: '%@demo.qingling.local' }, passwordHash: null };
  if ((await em.count(StaffMember, withoutPassword)) > 0) {
    await em.nativeUpdate(StaffMember, withoutPassword, { passwordHash: await passwordHash() });
  }
}

/** This year's province-wide campaign to clear the backlog (积案化解攻坚), ending on 31 December. */
async function seedDemoCampaign(em: EntityManager): Promise<void> {
  const province = await em.findOneOrFail(Unit, { code: demoProvince.code });
  if ((await em.count(Campaign, { unit: province })) > 0) return;
  const year = inOfficeTime(new Date()).year();
  em.persist(
    Object.assign(new Campaign(), {
      unit: province,
      name: `${year}年信访积案化解攻坚`,
      startsOn: `${year}-01-01`,
      targetDate: `${year}-12-31`,
    }),
  );
  await em.flush();
}

type UpsertStaff = (
  unit: Unit,
  department: Department | null,
  role: StaffRole,
  title: string,
  key: string,
) => Promise<void>;

/** The county departments with a 派驻纪检监察组 of their own; the others answer to the county commission. */
const stationedAt = ['zj', 'zr'];

/**
 * The discipline tree beside the government one: each province, city and county has its
 * 纪委监委 overseeing it, and each county commission 派驻纪检监察组 at some of its
 * departments. Each body has a 信访室 with a clerk and a head, and a leader; codes are the
 * overseen unit's with `-jw` (and the department's suffix for a 派驻组).
 */
async function seedDisciplineBodies(
  em: EntityManager,
  demo: DemoUnit,
  parent: Unit | null,
  upsertStaff: UpsertStaff,
): Promise<void> {
  if (demo.level === 'township' || demo.level === 'village') return;
  const overseen = await em.findOneOrFail(Unit, { code: demo.code });
  const commission = await disciplineBody(em, upsertStaff, {
    code: `${demo.code}-jw`,
    name: `${demo.name}纪委监委`,
    level: demo.level,
    parent,
    oversees: overseen,
    overseesDepartment: null,
  });
  if (demo.level === 'county') {
    for (const suffix of stationedAt) {
      const department = await em.findOneOrFail(Department, { code: `${demo.code}-${suffix}` });
      await disciplineBody(em, upsertStaff, {
        code: `${demo.code}-jw-${suffix}`,
        name: `${demo.name}纪委监委派驻${department.name}纪检监察组`,
        level: demo.level,
        parent: commission,
        oversees: null,
        overseesDepartment: department,
      });
    }
  }
  for (const child of demo.children ?? []) await seedDisciplineBodies(em, child, commission, upsertStaff);
}

async function disciplineBody(
  em: EntityManager,
  upsertStaff: UpsertStaff,
  spec: Pick<Unit, 'code' | 'name' | 'level' | 'parent' | 'oversees' | 'overseesDepartment'>,
): Promise<Unit> {
  let unit = await em.findOne(Unit, { code: spec.code });
  if (!unit) {
    unit = Object.assign(new Unit(), { ...spec, kind: 'discipline' as const, path: '' });
    await em.persistAndFlush(unit);
    unit.path = `${spec.parent?.path ?? '/'}${unit.id}/`;
  }
  const code = `${spec.code}-xf`;
  let office = await em.findOne(Department, { code });
  if (!office) {
    office = Object.assign(new Department(), {
      unit,
      code,
      name: '信访室',
      kind: 'petition_office' as const,
    });
    em.persist(office);
  }
  await upsertStaff(unit, office, 'clerk', '纪检监察信访干部', `clerk.${spec.code}`);
  await upsertStaff(unit, office, 'office_head', '信访室主任', `head.${spec.code}`);
  await upsertStaff(unit, null, 'leader', '纪委监委领导', `leader.${spec.code}`);
  await em.flush();
  return unit;
}
