import test from 'ava';
import { ApiError } from '../../api/errors';
import { intakePolicyVersion } from '../../api/intake';
import { ConfigError, loadEnv } from '../../config/env';
import {
  currentPolicyVersion,
  drillPolicyVersion,
  isDrillPolicyVersion,
  policyFor,
  policyVersions,
} from '../../domain/policy';
import { scheduleDeadline, type HolidayCalendar } from '../../domain/working-days';

const noCalendar: HolidayCalendar = { coveredYears: [], holidays: [], workdays: [] };
const from = '2026-05-01T02:03:04.000Z';
const plus = (minutes: number) => new Date(Date.parse(from) + minutes * 60_000).toISOString();

test('a drill policy’s dispatch clock falls due its minutes after it starts and escalates a minute later', (t) => {
  const policy = policyFor(drillPolicyVersion(5));
  const schedule = scheduleDeadline({ rule: policy.clocks.dispatch, from, calendar: noCalendar });
  t.is(schedule.dueAt, plus(5));
  t.is(schedule.escalateAt, plus(6));
  t.deepEqual(schedule.warnAt, []);
  t.false(schedule.provisional);
  t.is(schedule.dueDate, '2026-05-01');
});

test('a drill policy’s other clocks keep their real length and warnings, counted in minutes', (t) => {
  const policy = policyFor(drillPolicyVersion(5));
  const schedule = scheduleDeadline({ rule: policy.clocks.routing, from, calendar: noCalendar });
  t.is(schedule.dueAt, plus(15 * 24 * 60));
  t.deepEqual(schedule.warnAt, [plus(12 * 24 * 60)]);
  t.is(schedule.escalateAt, schedule.dueAt);
});

test('drill policies are never current, never listed, and only drill-<1..1440>m names one', (t) => {
  t.false(isDrillPolicyVersion(currentPolicyVersion));
  t.false(policyVersions().some(isDrillPolicyVersion));
  t.true(isDrillPolicyVersion('drill-1m'));
  t.true(isDrillPolicyVersion('drill-1440m'));
  for (const version of ['drill-0m', 'drill-1441m', 'drill', 'drill-5', 'xdrill-5m']) {
    t.false(isDrillPolicyVersion(version), version);
    t.throws(() => policyFor(version));
  }
});

test('the public intake takes a drill policy only from an API started with QINGLING_DRILL_POLICY=true', (t) => {
  const off = loadEnv({}).QINGLING_DRILL_POLICY === 'true';
  t.false(off, 'off unless set');
  t.is(intakePolicyVersion(undefined, off), currentPolicyVersion);
  const refused = t.throws(() => intakePolicyVersion('drill-5m', off), { instanceOf: ApiError });
  t.is(refused.status, 422);
  t.is(refused.code, 'drill_policy_refused');

  const on = loadEnv({ QINGLING_DRILL_POLICY: 'true' }).QINGLING_DRILL_POLICY === 'true';
  t.is(intakePolicyVersion('drill-5m', on), 'drill-5m');
  t.throws(() => intakePolicyVersion('2026.1', on), { instanceOf: ApiError });
  t.throws(() => intakePolicyVersion('drill-0m', on), { instanceOf: ApiError });
});

test('QINGLING_DRILL_POLICY is checked with the other settings: anything but true or false is refused at start', (t) => {
  const error = t.throws(() => loadEnv({ QINGLING_DRILL_POLICY: 'yes' }), { instanceOf: ConfigError });
  t.regex(error.message, /QINGLING_DRILL_POLICY must be true or false/);
});
