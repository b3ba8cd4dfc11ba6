import { parseArgs } from 'node:util';
import { z } from 'zod';
import { issueSetPasswordLink, linkValidityHours } from '../api/administration/invitations';
import { divisionCodeSchema } from '../api/administration/units';
import { loadEnv } from '../config/env';
import { recordAdminChange } from '../db/administration/admin-log';
import { StaffMember, Unit } from '../db/entities';
import { unitLevels } from '../db/entities/unit';
import { openDatabase } from '../db/orm';
import { commandDatabase } from '../embedded/command-database';
import { exitWith } from './exit-code';

const usage = `usage: npm run create-admin -- <e-mail> [--name <name>]
         [--unit-code <行政区划代码> --unit-name <name> [--level county]]
On an empty database the unit tree's root is made from --unit-code, --unit-name and --level
(default county); afterwards the administrator belongs to the root unit.`;

const optionsSchema = z.object({
  email: z.string().trim().toLowerCase().email('the first argument must be an e-mail address'),
  name: z.string().trim().min(1).max(64),
  unitCode: divisionCodeSchema.optional(),
  unitName: z.string().trim().min(1).max(100).optional(),
  level: z.enum(unitLevels, { error: `--level must be one of ${unitLevels.join(', ')}` }),
});

function readOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'unit-code': { type: 'string' },
      'unit-name': { type: 'string' },
      level: { type: 'string', default: 'county' },
    },
  });
  const parsed = optionsSchema.safeParse({
    email: positionals[0] ?? '',
    name: values.name ?? '系统管理员',
    unitCode: values['unit-code'],
    unitName: values['unit-name'],
    level: values.level,
  });
  if (!parsed.success || positionals.length !== 1) {
    const problems = parsed.success
      ? []
      : parsed.error.issues.map((i) =>
          i.message.replace('validation.divisionCode', '--unit-code must be 6 or 12 digits'),
        );
    throw new Error([...problems, usage].join('\n'));
  }
  return parsed.data;
}

/**
 * `npm run create-admin -- <e-mail>` (in a container: `node dist/scripts/create-admin.js`):
 * the first administrator of an install without demo data. No password is set: it prints
 * a one-time link, valid 24 hours, where the administrator chooses one. An e-mail that
 * already has an account is left exactly as it is.
 */
async function main(): Promise<number> {
  const options = readOptions();
  const env = loadEnv();
  const { databaseUrl, keyring } = commandDatabase(env);
  const orm = await openDatabase(databaseUrl, { keyring, poolMax: 2 });
  try {
    const em = orm.em.fork();
    if (await em.findOne(StaffMember, { email: options.email })) {
      console.log(`${options.email} already has an account; nothing was changed.`);
      return 1;
    }
    const roots = await em.find(Unit, { parent: null }, { orderBy: { id: 'asc' } });
    let root = options.unitCode ? roots.find((u) => u.code === options.unitCode) : roots[0];
    if (roots.length > 1 && !options.unitCode) {
      throw new Error(
        `there are several top units (${roots.map((u) => u.code).join(', ')}): name one with --unit-code`,
      );
    }
    if (!root) {
      if (roots.length > 0) throw new Error(`no top unit has the code ${options.unitCode}`);
      if (!options.unitCode || !options.unitName) {
        throw new Error(
          `the database has no unit yet: give the top unit with --unit-code and --unit-name\n${usage}`,
        );
      }
      root = Object.assign(new Unit(), {
        code: options.unitCode,
        name: options.unitName,
        level: options.level,
        parent: null,
        path: '',
        active: true,
      });
      await em.persistAndFlush(root);
      root.path = `/${root.id}/`;
      recordAdminChange(em, {
        actor: { commandLine: 'create-admin' },
        action: 'unit.create',
        entity: 'unit',
        entityId: root.id,
        unit: root,
        after: { code: root.code, name: root.name, level: root.level, parentId: null, active: true },
      });
      await em.flush();
    }
    const admin = Object.assign(new StaffMember(), {
      unit: root,
      department: null,
      name: options.name,
      title: '',
      email: options.email,
      role: 'admin' as const,
      roles: ['admin' as const],
      passwordHash: null,
      active: true,
      failedSignIns: 0,
    });
    em.persist(admin);
    await em.flush();
    recordAdminChange(em, {
      actor: { commandLine: 'create-admin' },
      action: 'staff.invite',
      entity: 'staff',
      entityId: admin.id,
      unit: root,
      after: { email: admin.email, name: admin.name, unitId: root.id, roles: admin.roles, active: true },
    });
    const link = await issueSetPasswordLink(em, admin, {
      purpose: 'invitation',
      validHours: linkValidityHours.firstAdmin,
      publicUrl: env.PUBLIC_URL,
    });
    console.log(`Administrator ${admin.email} of ${root.name} (${root.code}) created.`);
    console.log(
      `Open this link within ${linkValidityHours.firstAdmin} hours to set the password (it works once):`,
    );
    console.log(link.url);
    return 0;
  } finally {
    await orm.close();
  }
}

exitWith(main);
