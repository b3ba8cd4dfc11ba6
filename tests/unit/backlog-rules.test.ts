import test from 'ava';
import { addOfficeMonths } from '../../domain/backlog';
import { combineFlags, longOpenAt, repeatRules, screenFlags } from '../../domain/backlog-rules';
import type { UnitRef } from '../../domain/case';
import type { CaseState } from '../../domain/case-commands';
import { policyFor } from '../../domain/policy';

const policy = policyFor('2026.1').backlog;
const unit = (id: number, level: string, path: string): UnitRef => ({
  id,
  code: String(id),
  name: `unit ${id}`,
  level,
  path,
  parentId: null,
});
const township = unit(4, 'township', '/1/2/3/4/');
const county = unit(3, 'county', '/1/2/3/');

const aState = (over: Partial<CaseState> = {}): CaseState =>
  ({
    caseNumber: 'QL2030-000001',
    policyVersion: '2026.1',
    unit: township,
    receivedAt: '2030-01-31T02:00:00.000Z',
    objections: 0,
    backlog: null,
    ...over,
  }) as CaseState;

test('months are counted on the office calendar, ending on the month’s last day when it is shorter', (t) => {
  // 31 January 10:00 in Shanghai, plus one month: 28 February 10:00.
  t.is(addOfficeMonths('2030-01-31T02:00:00.000Z', 1), '2030-02-28T02:00:00.000Z');
  // 23:30 on 31 March in Shanghai is still 31 March there (15:30 UTC): six months on is 30 September.
  t.is(addOfficeMonths('2030-03-31T15:30:00.000Z', 6), '2030-09-30T15:30:00.000Z');
  t.is(addOfficeMonths('2030-11-15T02:00:00.000Z', 3), '2031-02-15T02:00:00.000Z');
});

test('«三多» read from the record: many years after twelve months, many levels and offices from where repeats were brought', (t) => {
  const fresh = screenFlags(aState(), policy, '2030-06-01T00:00:00.000Z');
  t.deepEqual(fresh, { manyYears: false, manyLevels: false, manyOffices: false });
  const old = screenFlags(aState(), policy, '2031-01-31T02:00:00.000Z');
  t.true(old.manyYears);
  const repeated = aState({
    repeats: { count: 1, caseNumbers: ['QL2030-000002'], unitIds: [3], levels: ['county'] },
  });
  t.like(screenFlags(repeated, policy, '2030-06-01T00:00:00.000Z'), { manyLevels: true, manyOffices: true });
  // Passed between two departments counts as many offices too.
  t.true(screenFlags(aState({ objections: 1 }), policy, '2030-06-01T00:00:00.000Z').manyOffices);
  t.deepEqual(combineFlags(fresh, { manyYears: true }), {
    manyYears: true,
    manyLevels: false,
    manyOffices: false,
  });
});

test('a repeat designates at the second, or at once when brought above the case’s own level', (t) => {
  const once = aState({ repeats: { count: 1, caseNumbers: ['a'], unitIds: [4], levels: ['township'] } });
  t.deepEqual(repeatRules(once, policy, township), []);
  t.deepEqual(repeatRules(once, policy, county), ['above_proper_level']);
  const twice = aState({
    repeats: { count: 2, caseNumbers: ['a', 'b'], unitIds: [4], levels: ['township'] },
  });
  t.deepEqual(repeatRules(twice, policy, township), ['repeat_petitions']);
});

test('the long-open rule has a time while the case is not a backlog case, and none after', (t) => {
  t.is(longOpenAt(aState(), policy), Date.parse('2030-07-31T02:00:00.000Z'));
  t.is(longOpenAt(aState({ backlog: { designatedAt: 'x' } as CaseState['backlog'] }), policy), null);
});
