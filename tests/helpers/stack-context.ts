import type { TestFn } from 'ava';
import type { AbuseLimits } from '../../api/abuse';
import type { StaffRole } from '../../domain/actor';
import { startTestApp, type TestApp } from './app';
import { startTestServices, type TestServices } from './services';

export interface StackContext {
  services: TestServices;
  app: TestApp;
}

/** Gives a test file its own services and API for all its tests, and tears them down after. */
export function useTestStack<Context extends StackContext>(
  test: TestFn<Context>,
  options: {
    worker?: boolean;
    demo?: boolean;
    limits?: Partial<AbuseLimits>;
    drillPolicy?: boolean;
    secondFactorRoles?: StaffRole[];
  } = {},
): void {
  test.before(async (t) => {
    t.context.services = await startTestServices({ database: options.demo === false ? 'empty' : 'demo' });
    t.context.app = await startTestApp(t.context.services, options);
  });
  test.after.always(async (t) => {
    await t.context.app?.stop();
    await t.context.services?.stop();
  });
}
