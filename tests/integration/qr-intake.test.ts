import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import anyTest, { type TestFn } from 'ava';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { Attachment, PetitionCase } from '../../db/entities';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const pngMagic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A real 1×1 PNG (signature, IHDR, IDAT, IEND with their CRCs). */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    pngMagic,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0xb7, 0x1c, 0x1c]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The intake form as a browser sends it, with files. */
function intakeForm(
  fields: Record<string, string>,
  files: { name: string; type: string; content: Buffer }[],
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) {
    form.append('attachments', new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
  }
  return form;
}

const formFields = (overrides: Record<string, string> = {}) => ({
  submissionKey: randomUUID(),
  via: 'qr',
  qrUnitCode: '990101001',
  unitCode: '990101001',
  category: 'land',
  place: '东湖县城关镇新桥村',
  summary: '村里修路占用了我家的承包地，补偿款至今没有发放。',
  request: '按标准发放补偿款',
  identity: 'anonymous',
  ...overrides,
});

const postForm = (baseUrl: string, form: FormData) =>
  fetch(`${baseUrl}/petition`, { method: 'POST', body: form, headers: { 'accept-language': 'zh-CN' } });

/** Files stored under names carrying `token` (tests in a file run at the same time). */
const storedFiles = (t: { context: StackContext }, token: string) =>
  t.context.app.orm.em.fork().count(Attachment, { fileName: { $like: `%${token}%` } });

test('a unit’s QR code comes as SVG and PNG, and its poster names the unit', async (t) => {
  const { baseUrl } = t.context.app;
  const svg = await fetch(`${baseUrl}/qr/990101001002.svg`);
  t.is(svg.status, 200);
  t.is(svg.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
  const svgText = await svg.text();
  t.true(svgText.includes('<svg'));
  t.true(svgText.includes('<path'));

  const png = await fetch(`${baseUrl}/qr/990101001002.png`);
  t.is(png.status, 200);
  t.is(png.headers.get('content-type'), 'image/png');
  const pngBytes = Buffer.from(await png.arrayBuffer());
  t.deepEqual(pngBytes.subarray(0, 8), pngMagic);
  t.true(pngBytes.length > 200);

  const poster = await fetch(`${baseUrl}/qr/990101001002/poster`, {
    headers: { 'accept-language': 'zh-CN' },
  });
  t.is(poster.status, 200);
  const html = await poster.text();
  t.true(html.includes('东湖县城关镇新桥村'));
  t.true(html.includes('码上举报'));
  t.true(html.includes('<svg'));
  t.true(html.includes('http://localhost/?unit=990101001002&amp;via=qr'));
  t.regex(html, /匿名/);
});

test('an unknown unit has no QR code and no poster', async (t) => {
  const { baseUrl } = t.context.app;
  for (const path of ['/qr/123456789.svg', '/qr/123456789.png', '/qr/123456789/poster']) {
    const answer = await fetch(`${baseUrl}${path}`, { headers: { 'accept-language': 'zh-CN' } });
    t.is(answer.status, 404, path);
    t.regex(await answer.text(), /没有编号为 123456789 的单位/);
  }
});

test('the form opened from a QR code has the unit chosen and marks the petition as come by QR', async (t) => {
  const answer = await fetch(`${t.context.app.baseUrl}/?unit=990101001&via=qr`);
  const html = await answer.text();
  t.regex(html, /<option value="990101001" selected="">/);
  t.true(html.includes('<input type="hidden" name="via" value="qr"/>'));
  t.true(html.includes('<input type="hidden" name="qrUnitCode" value="990101001"/>'));
  t.regex(html, /enctype="multipart\/form-data"/i);
});

test('a petition sent from the QR form with a photo becomes a QR case with the photo on it', async (t) => {
  const { app } = t.context;
  const photo = tinyPng();
  const answer = await postForm(
    app.baseUrl,
    intakeForm(formFields(), [{ name: '现场照片.png', type: 'image/png', content: photo }]),
  );
  const html = await answer.text();
  t.is(answer.status, 200, html);
  const caseNumber = /id="case-number">([^<]+)</.exec(html)?.[1] ?? '';
  t.regex(caseNumber, /^QL\d{4}-\d{6}$/);
  t.regex(/id="access-code">([^<]+)</.exec(html)?.[1] ?? '', /^\d{4}( \d{4}){4}$/);
  t.true(html.includes('请保存'));
  t.true(html.includes('不会通过电子邮件'));
  t.true(html.includes('现场照片.png'));

  const row = await eventually(
    async () => (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ?? undefined,
  );
  t.is(row.channel, 'qr');
  t.is(row.qrUnitCode, '990101001');
  t.is(row.complainantLanguage, 'zh-CN');
  t.is(row.complainantName, null);
  const files = await eventually(async () => {
    const found = await app.orm.em.fork().find(Attachment, { caseNumber }, { populate: ['content'] });
    return found.length > 0 ? found : undefined;
  });
  t.is(files.length, 1);
  t.is(files[0]?.uploadedBy, 'complainant');
  t.is(files[0]?.mediaType, 'image/png');
  t.is(files[0]?.fileName, '现场照片.png');
  t.deepEqual(Buffer.from(files[0]?.content ?? []), photo);
});

test('a text file named .jpg is refused, naming the accepted types, and nothing is stored', async (t) => {
  const { app } = t.context;
  const token = randomUUID();
  const fields = formFields();
  const answer = await postForm(
    app.baseUrl,
    intakeForm(fields, [
      { name: `ok-${token}.png`, type: 'image/png', content: tinyPng() },
      {
        name: `照片-${token}.jpg`,
        type: 'image/jpeg',
        content: Buffer.from('这不是照片，只是一段文字。'.repeat(20)),
      },
    ]),
  );
  t.is(answer.status, 422);
  const html = await answer.text();
  t.true(html.includes(`「照片-${token}.jpg」不是可接受的文件类型`));
  t.regex(html, /JPG、PNG、WebP或HEIC/);
  t.regex(html, /PDF/);
  t.regex(html, /Word 文档（DOCX或DOC）/);
  t.regex(html, /MP3、M4A、WAV或AMR/);
  // The form comes back as it was typed.
  t.true(html.includes('东湖县城关镇新桥村'));
  t.true(html.includes(fields.submissionKey));
  t.is(await storedFiles(t, token), 0);
});

test('a file over 10 MB is refused with the limit, and nothing is stored', async (t) => {
  const { app } = t.context;
  const token = randomUUID();
  const big = Buffer.concat([tinyPng(), Buffer.alloc(11 * 1024 * 1024)]);
  const answer = await postForm(
    app.baseUrl,
    intakeForm(formFields(), [{ name: `big-${token}.png`, type: 'image/png', content: big }]),
  );
  t.is(answer.status, 413);
  t.regex(await answer.text(), /单个文件不能超过 10 MB/);
  t.is(await storedFiles(t, token), 0);
});

test('a form with a validation error stores no file', async (t) => {
  const token = randomUUID();
  const answer = await postForm(
    t.context.app.baseUrl,
    intakeForm(formFields({ summary: '太短' }), [
      { name: `a-${token}.png`, type: 'image/png', content: tinyPng() },
    ]),
  );
  t.is(answer.status, 422);
  t.regex(await answer.text(), /请重新选择/);
  t.is(await storedFiles(t, token), 0);
});

test('the JSON API takes files uploaded beforehand through POST /api/v1/attachments', async (t) => {
  const { app } = t.context;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(tinyPng())], { type: 'image/png' }), 'photo.png');
  const upload = await fetch(`${app.baseUrl}/api/v1/attachments`, { method: 'POST', body: form });
  t.is(upload.status, 201);
  const file = (await upload.json()) as { id: string; fileName: string; mediaType: string; size: number };
  t.is(file.fileName, 'photo.png');
  t.is(file.mediaType, 'image/png');

  const faked = new FormData();
  faked.append('file', new Blob(['plain text, not a photo'], { type: 'image/jpeg' }), 'x.jpg');
  const refused = await fetch(`${app.baseUrl}/api/v1/attachments`, {
    method: 'POST',
    body: faked,
    headers: { 'accept-language': 'en' },
  });
  t.is(refused.status, 422);
  const problem = (await refused.json()) as { error: { code: string; message: string } };
  t.is(problem.error.code, 'file_type_not_accepted');
  t.regex(problem.error.message, /JPG, PNG, WebP, HEIC/);

  const unknown = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ attachmentIds: [randomUUID()] }),
  );
  t.is(unknown.status, 422);
  t.is(unknown.json.error?.code, 'attachment_unknown');
  const tooMany = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ attachmentIds: Array.from({ length: 6 }, () => randomUUID()) }),
  );
  t.is(tooMany.status, 422);

  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ attachmentIds: [file.id], qrUnitCode: '990101001', language: 'en' }),
  );
  t.is(answer.status, 201);
  const caseNumber = answer.json.caseNumber as string;
  const row = await eventually(
    async () => (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ?? undefined,
  );
  t.is(row.channel, 'qr');
  t.is(row.complainantLanguage, 'en');
  const bound = await eventually(
    async () => (await app.orm.em.fork().findOne(Attachment, { id: file.id, caseNumber })) ?? undefined,
  );
  t.is(bound.uploadedBy, 'complainant');
});

/** Uploads one file through POST /api/v1/attachments, read in `language`. */
async function uploadAttachment(baseUrl: string, name: string, content: Buffer, language = 'zh-CN') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)], { type: 'application/octet-stream' }), name);
  const answer = await fetch(`${baseUrl}/api/v1/attachments`, {
    method: 'POST',
    body: form,
    headers: { 'accept-language': language },
  });
  return {
    status: answer.status,
    json: (await answer.json()) as {
      fileName?: string;
      mediaType?: string;
      error?: { code: string; message: string };
    },
  };
}

test('a Word document is taken as the pages promise; a zip that is not one is refused, saying what is accepted', async (t) => {
  const { baseUrl } = t.context.app;
  const docx = await Packer.toBuffer(
    new Document({ sections: [{ children: [new Paragraph('关于村道修缮的情况说明')] }] }),
  );
  const taken = await uploadAttachment(baseUrl, '情况说明.docx', docx);
  t.is(taken.status, 201);
  t.like(taken.json, {
    fileName: '情况说明.docx',
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  });

  // The same container, without word/document.xml: named .docx, still not a Word document.
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file('notes.txt', '不是 Word 文档');
  const notWord = await zip.generateAsync({ type: 'nodebuffer' });
  const zh = await uploadAttachment(baseUrl, '假的.docx', notWord);
  t.is(zh.status, 422);
  t.like(zh.json, { error: { code: 'file_type_not_accepted' } });
  t.regex(zh.json.error?.message ?? '', /「假的\.docx」不是可接受的文件类型.*Word 文档（DOCX或DOC）/);
  const en = await uploadAttachment(baseUrl, 'fake.docx', notWord, 'en');
  t.is(en.status, 422);
  t.regex(
    en.json.error?.message ?? '',
    /“fake\.docx” is not an accepted kind of file.*Word documents \(DOCX, DOC\)/,
  );

  // The forms offer Word files in their pickers.
  const intakePage = await (await fetch(`${baseUrl}/`)).text();
  t.regex(intakePage, /accept="[^"]*\.docx[^"]*"/);
});
