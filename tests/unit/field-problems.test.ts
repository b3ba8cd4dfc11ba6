import test from 'ava';
import { renderToStaticMarkup } from 'react-dom/server';
import { translatorFor } from '../../api/i18n';
import { IntakePage } from '../../web/pages/intake-page';

const ctx = (reloadable: boolean) => ({
  t: translatorFor('zh-CN'),
  language: 'zh-CN' as const,
  path: reloadable ? '/' : '/petition',
  query: reloadable ? 'unit=990101001&via=qr' : '',
  reloadable,
  largeText: false,
});

const intakeWith = (reloadable: boolean, errors: { field?: string; message: string }[]) =>
  renderToStaticMarkup(
    IntakePage({ ctx: ctx(reloadable), units: [], values: { submissionKey: 'k' }, errors }),
  );

test('a problem with a field is shown next to it, tied by aria-describedby and aria-invalid, and linked from the summary', (t) => {
  const html = intakeWith(false, [
    { field: 'place', message: '发生地点：至少 2 个字' },
    { message: '该单位暂不受理网上信访' },
  ]);
  t.regex(
    html,
    /<input name="place"[^>]* id="field-place" aria-invalid="true" aria-describedby="place-problem"\/>/,
  );
  t.regex(html, /<p class="field-problem" id="place-problem">发生地点：至少 2 个字<\/p>/);
  t.regex(html, /<li><a href="#field-place">发生地点：至少 2 个字<\/a><\/li>/);
  // A problem about no field is said in the summary only, and no other field is marked.
  t.regex(html, /<li>该单位暂不受理网上信访<\/li>/);
  t.is(html.match(/aria-invalid/g)?.length, 1);
});

test('a radio group’s problem describes its fieldset, and the radios are not marked invalid', (t) => {
  const html = intakeWith(false, [{ field: 'notifyBy', message: '选择电子邮件告知时请填写电子邮箱' }]);
  t.regex(html, /<fieldset class="notify-by" id="field-notifyBy" aria-describedby="notifyBy-problem">/);
  t.false(html.includes('aria-invalid'));
});

test('the language and text-size switches are offered only on a page that can be asked for again', (t) => {
  // A QR code's form keeps its unit and its mark when switched.
  t.regex(
    intakeWith(true, []),
    /<a href="\/\?unit=990101001&amp;via=qr&amp;text=large" id="text-size">大字版<\/a>/,
  );
  t.regex(intakeWith(true, []), /<a href="\/\?unit=990101001&amp;via=qr&amp;lang=en" lang="en">English<\/a>/);
  // A form's answer (a receipt, the form with its problems) would be lost by following them.
  const answered = intakeWith(false, []);
  t.false(answered.includes('?text='));
  t.false(answered.includes('?lang='));
});
