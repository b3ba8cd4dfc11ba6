import { readFile } from 'node:fs/promises';
import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { caseState } from '../../api/case-commands';
import { eventually } from '../helpers/app';
import { signInAs, useBrowser } from '../helpers/browser';
import { docxText, pdfText } from '../helpers/document-text';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test);
useBrowser(test);

const township = '990101001'; // 城关镇

test('the clerk issues the 受理告知书 on the case page; the complainant downloads it from the status page, the code never in a URL', async (t) => {
  const { app, browser } = t.context;
  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({
      unitCode: township,
      place: '东湖县城关镇',
      complainant: { name: '李华', phone: '13900000000' },
    }),
  );
  const caseNumber = answer.json.caseNumber as string;
  const accessCode = answer.json.accessCode as string;
  await eventually(async () =>
    (await caseState(app.temporal, caseNumber))?.status === 'registered' ? true : undefined,
  );
  const api = await signIn(app.baseUrl, demoAccount.clerk(township));
  t.is((await api.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);

  // The office: the card offers the acceptance notice now; issuing it gives it a number.
  const clerk = await signInAs(browser, app.baseUrl, demoAccount.clerk(township), `/cases/${caseNumber}`);
  const card = clerk.locator('.ant-card').filter({ hasText: '文书' }).filter({ hasText: '受理告知书' });
  await card.getByRole('button', { name: '制发', exact: true }).click();
  await card.getByText(/信访〔\d{4}〕\d+号/).waitFor();
  const documentNumber = ((await card.getByText(/信访〔\d{4}〕\d+号/).textContent()) ?? '').trim();
  t.regex(documentNumber, /^城关信访〔\d{4}〕\d+号$/);
  await clerk.close();

  // The complainant: case number and code in the form, the notice listed, a PDF and a Word file back.
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await page.goto(`${app.baseUrl}/status`);
  await page.fill('input[name=caseNumber]', caseNumber);
  await page.fill('input[name=accessCode]', accessCode);
  await page.click('button[type=submit]');
  const listed = page.locator('.written-notices li').filter({ hasText: '信访事项受理告知书' });
  t.regex((await listed.textContent()) ?? '', new RegExp(documentNumber.replace(/[〔〕]/g, '.')));

  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    listed.getByRole('button', { name: '下载 PDF' }).click(),
  ]);
  t.regex(pdf.suggestedFilename(), /\.pdf$/);
  const pdfContent = await pdfText(await readFile(await pdf.path()));
  for (const fact of [documentNumber, caseNumber, '李华：', '信访事项受理告知书'])
    t.true(pdfContent.includes(fact), fact);

  const [word] = await Promise.all([
    page.waitForEvent('download'),
    listed.getByRole('button', { name: '下载 Word' }).click(),
  ]);
  t.regex(word.suggestedFilename(), /\.docx$/);
  const wordContent = await docxText(await readFile(await word.path()));
  t.true(wordContent.includes(documentNumber));

  t.false(
    urls.some((url) => url.includes(accessCode)),
    'the access code travels in POST bodies only',
  );
  await context.close();
});
