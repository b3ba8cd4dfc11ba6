import test from 'ava';
import { readSheet } from '../../api/backlog-import/parse';
import { columnByKey, type ColumnKey } from '../../api/backlog-import/template';

const read = (key: ColumnKey, text: string) => columnByKey.get(key)!.read(text);

test('a CSV saved by Excel on Chinese Windows (GBK) reads as Chinese', async (t) => {
  // 原台账编号 / 积案-1 in GBK.
  const gbk = Buffer.from('d4adcca8d5cbb1e0bac50d0abbfdb0b82d310d0a', 'hex');
  const sheet = await readSheet(gbk);
  t.deepEqual(sheet, {
    format: 'csv',
    rows: [
      { line: 1, cells: ['原台账编号'] },
      { line: 2, cells: ['积案-1'] },
    ],
  });
});

test("Excel's Unicode text (UTF-16, tab-separated) reads too", async (t) => {
  const text = '原台账编号\t地点\r\nA-1\t新桥村,东头\r\n';
  const sheet = await readSheet(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  t.deepEqual(sheet.rows[1], { line: 2, cells: ['A-1', '新桥村,东头'] });
});

test('rows are numbered as a spreadsheet shows them: a cell with line breaks is one row, blank rows still count', async (t) => {
  const csv = '\ufeff原台账编号,反映问题\r\nA-1,"第一行\r\n第二行"\r\n\r\nA-2,x\r\n';
  const sheet = await readSheet(Buffer.from(csv, 'utf8'));
  t.deepEqual(
    sheet.rows.map((r) => [r.line, r.cells[0]]),
    [
      [1, '原台账编号'],
      [2, 'A-1'],
      [4, 'A-2'],
    ],
  );
});

test('an old .xls file and bytes that are no text are refused as unreadable, by content', async (t) => {
  const xls = readSheet(Buffer.from('d0cf11e0a1b11ae1000000', 'hex'));
  t.like(await t.throwsAsync(xls), { code: 'import_legacy_xls', status: 415 });
  const binary = readSheet(Buffer.from([0x00, 0xff, 0x00, 0xfe]));
  t.like(await t.throwsAsync(binary), { code: 'import_file_unreadable', status: 415 });
  const brokenZip = readSheet(Buffer.from('504b0304deadbeef', 'hex'));
  t.like(await t.throwsAsync(brokenZip), { code: 'import_file_unreadable' });
});

test('dates are office time (Asia/Shanghai), written as a spreadsheet would; impossible and ancient dates are refused', (t) => {
  t.deepEqual(read('receivedAt', '2019-03-05'), {
    value: { instant: '2019-03-04T16:00:00.000Z', date: '2019-03-05', dateOnly: true },
  });
  t.deepEqual(read('receivedAt', '2019/3/5 9:05'), {
    value: { instant: '2019-03-05T01:05:00.000Z', date: '2019-03-05', dateOnly: false },
  });
  t.deepEqual(read('receivedAt', '2019-02-30'), { problem: { code: 'badDate' } });
  t.deepEqual(read('receivedAt', '2019-03-05 24:10'), { problem: { code: 'badDate' } });
  t.deepEqual(read('receivedAt', '5 March 2019'), { problem: { code: 'badDate' } });
  t.deepEqual(read('receivedAt', '1979-12-31'), {
    problem: { code: 'dateTooEarly', params: { earliest: '1980-01-01' } },
  });
});

test("channels and categories are read by the offices' short names, the console's labels and their keys", (t) => {
  t.deepEqual(read('channel', '网上'), { value: 'web' });
  t.deepEqual(read('channel', '网上信访'), { value: 'web' });
  t.deepEqual(read('channel', 'QR code'), { value: 'qr' });
  t.deepEqual(read('category', '检举控告'), { value: 'discipline' });
  t.deepEqual(read('category', 'environment'), { value: 'environment' });
  t.like(read('category', '宗教'), { problem: { code: 'oneOf' } });
  t.deepEqual(read('manyYears', 'Y'), { value: true });
  t.deepEqual(read('manyYears', '否'), { value: false });
  t.deepEqual(read('repeatCount', '12'), { value: 12 });
  t.like(read('repeatCount', '1.5'), { problem: { code: 'wholeNumber' } });
});
