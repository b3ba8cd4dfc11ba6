import { hashPassword } from '../../api/auth/passwords';
import { StaffMember, Unit } from '../../db/entities';
import { demoPassword } from '../../db/seed/demo-data';
import type { TestApp } from './app';

/**
 * An administrator of `unitCode`'s subtree with the demo password (the demo tree has
 * only the province's): for the refusals of another subtree's administrator.
 */
export async function anAdministrator(app: TestApp, unitCode: string, email: string): Promise<string> {
  const em = app.orm.em.fork();
  if (await em.findOne(StaffMember, { email })) return email;
  const unit = await em.findOneOrFail(Unit, { code: unitCode });
  em.persist(
    Object.assign(new StaffMember(), {
      unit,
      department: null,
      name: `管理员${unitCode}`,
      title: '系统管理员',
      role: 'admin',
      email,
      passwordHash: await hashPassword(demoPassword),
      active: true,
      failedSignIns: 0,
    }),
  );
  await em.flush();
  return email;
}
