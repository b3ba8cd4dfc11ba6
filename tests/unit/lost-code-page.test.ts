import test from 'ava';
import { renderToStaticMarkup } from 'react-dom/server';
import { translatorFor } from '../../api/i18n';
import { LostCodePage } from '../../web/pages/lost-code-page';

const ctx = {
  t: translatorFor('zh-CN'),
  language: 'zh-CN' as const,
  path: '/status/lost-code/confirm',
  query: '',
  reloadable: false,
  largeText: false,
};

// Found by the fuzz: a case number typed with half an emoji made encodeURIComponent throw (a 500).
test('the links back keep a case number with a lone surrogate, as U+FFFD, instead of failing', (t) => {
  for (const step of ['confirm', 'issued'] as const) {
    const html = renderToStaticMarkup(
      LostCodePage({
        ctx,
        step,
        errors: [],
        caseNumber: 'QL2026-0001\uD83D',
        requestId: '5f0c6f3e-2b1a-4c7e-9a53-0d6c1b2e3f40',
        accessCode: '1234 5678',
      }),
    );
    t.regex(html, /case=QL2026-0001%EF%BF%BD"/, step);
  }
});
