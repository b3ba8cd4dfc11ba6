import test from 'ava';
import i18next from 'i18next';
import { clockLabel } from '../../activities/mail-texts';
import { complainantMail } from '../../activities/mail-templates/complainant';
import { renderSms } from '../../activities/notices/sms-texts';
import { refusalError } from '../../api/case-commands';
import { translatorFor } from '../../api/i18n';
import { staffRoles } from '../../domain/actor';
import { caseStatuses, type CaseStatus } from '../../domain/case';
import { caseCommandNames, staffActionNames } from '../../domain/case-commands';
import { disposals } from '../../domain/discipline';
import { categories } from '../../domain/petition';
import { clockNames } from '../../domain/policy';
import { vocabulary, vocabularyLanguages, type Vocabulary } from '../../domain/vocabulary/names';
import { clockLabel as reportClockLabel, reportLabels } from '../../reports/labels';
import { consoleResources } from '../../web/console/src/resources';
import consoleEn from '../../web/console/src/locales/en.json';
import consoleZhCN from '../../web/console/src/locales/zh-CN.json';
import webEn from '../../web/i18n/en.json';
import webZhCN from '../../web/i18n/zh-CN.json';

/** Each group of names and the domain's own list of the things it names. */
const groups: { [G in keyof Vocabulary]: readonly (keyof Vocabulary[G])[] } = {
  status: caseStatuses,
  clock: clockNames,
  command: caseCommandNames,
  role: staffRoles,
  category: categories,
  disposal: disposals,
};
const groupNames = Object.keys(groups) as (keyof Vocabulary)[];

for (const language of vocabularyLanguages) {
  test(`${language} names every status, clock, command, role, category and disposal the domain has, and nothing else`, (t) => {
    for (const group of groupNames) {
      const names = vocabulary[language][group] as Record<string, string>;
      for (const value of groups[group]) {
        t.truthy(names[value]?.trim(), `${language} ${group}.${String(value)} has no name`);
      }
      t.deepEqual(Object.keys(names).sort(), [...groups[group]].map(String).sort(), `${language} ${group}`);
    }
  });

  test(`${language} gives two things of one kind two different words`, (t) => {
    for (const group of groupNames) {
      const names = Object.values(vocabulary[language][group] as Record<string, string>);
      t.is(new Set(names).size, names.length, `${language} ${group} repeats a word`);
    }
  });
}

test('neither the API messages nor the console keep a copy of the names that would shadow or drift from the vocabulary', (t) => {
  for (const [surface, texts] of Object.entries({ webZhCN, webEn, consoleZhCN, consoleEn })) {
    for (const group of groupNames) t.false(group in texts, `${surface} has its own "${group}"`);
  }
});

const consoleT = (language: (typeof vocabularyLanguages)[number]) => {
  const i18n = i18next.createInstance();
  void i18n.init({
    resources: consoleResources,
    lng: language,
    initImmediate: false,
    showSupportNotice: false,
    interpolation: { escapeValue: false },
  });
  return i18n.t.bind(i18n);
};

/** The refusal a person reads when a command does not fit the case's status, worded as the API sends it. */
const wrongStatusMessage = (language: 'zh-CN' | 'en', status: CaseStatus) => {
  const t = translatorFor(language);
  const error = refusalError(
    { code: 'wrong_status', params: { status, expected: 'registered' } },
    'triage',
    t,
  );
  return t(error.messageKey, error.params);
};

for (const language of vocabularyLanguages) {
  const names = vocabulary[language];
  const console = consoleT(language);
  const api = translatorFor(language);

  test(`${language}: a status reads the same in the API's refusal, on the status page and in the console`, (t) => {
    for (const status of caseStatuses) {
      const name = names.status[status];
      t.true(wrongStatusMessage(language, status).includes(`“${name}”`), `refusal at ${status}`);
      t.is(api(`status.${status}`), name, `status page at ${status}`);
      t.is(console(`status.${status}`), name, `console at ${status}`);
    }
  });

  test(`${language}: a case action is named the same on the console's button and in the API's refusal`, (t) => {
    for (const command of staffActionNames) {
      const error = refusalError({ code: 'not_owner', params: {} }, command, api);
      t.true(api(error.messageKey, error.params).includes(names.command[command]), command);
      t.is(console(`command.${command}`), names.command[command], command);
    }
  });

  test(`${language}: roles, categories, clocks and disposals read the same in the API and the console`, (t) => {
    for (const role of staffRoles) t.is(console(`role.${role}`), api(`role.${role}`));
    for (const category of categories) t.is(console(`category.${category}`), api(`category.${category}`));
    for (const clock of clockNames) {
      t.is(console(`clock.${clock}`), names.clock[clock]);
      t.is(api(`clock.${clock}`), names.clock[clock]);
      t.is(reportClockLabel(reportLabels[language], clock), names.clock[clock], `report's ${clock}`);
    }
    for (const disposal of disposals) {
      t.is(console(`actions.classifyReport.choices.${disposal}`), names.disposal[disposal]);
      t.true(api('refusals.not_classified').includes(names.disposal[disposal]), disposal);
    }
  });
}

test("a deadline e-mail names its clock with the console's word", (t) => {
  const console = consoleT('zh-CN');
  for (const clock of clockNames) t.is(clockLabel(clock), console(`clock.${clock}`));
});

test('the SMS and e-mail that tell a complainant where the case stands use the status page’s word', (t) => {
  const api = translatorFor('zh-CN');
  for (const status of ['received', 'accepted', 'forwarded', 'replied'] as const) {
    const sms = renderSms(status, { caseNumber: 'QL2026-000001' }, '清零信访');
    t.true(sms.includes(`QL2026-000001${api(`status.${status}`)}`), sms);
  }
  for (const language of vocabularyLanguages) {
    for (const status of ['received', 'accepted'] as const) {
      const mail = complainantMail(
        { caseNumber: 'QL2026-000001', kind: status, details: {} },
        'https://xinfang.example.gov.cn/status',
        language,
      );
      t.true(mail.subject.includes(translatorFor(language)(`status.${status}`)), mail.subject);
    }
  }
});
