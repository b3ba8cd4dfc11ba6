import test from 'ava';
import { mediaTypeOf } from '../../api/file-content';

/** An OLE compound file's first sectors: the header, then one directory sector with `names`. */
function compoundFile(...names: string[]): Buffer {
  const file = Buffer.alloc(512 * 4);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(file, 0);
  file.writeUInt16LE(0x003e, 24); // minor version
  file.writeUInt16LE(0x0003, 26); // major version 3: 512-byte sectors
  file.writeUInt16LE(0xfffe, 28); // little-endian
  file.writeUInt16LE(9, 30); // sector shift
  names.forEach((name, index) => {
    const entry = 512 + index * 128;
    Buffer.from(`${name}\u0000`, 'utf16le').copy(file, entry);
    file.writeUInt16LE((name.length + 1) * 2, entry + 64);
  });
  return file;
}

test('an old Word file (.doc) is a compound file with a WordDocument stream', async (t) => {
  t.is(await mediaTypeOf(compoundFile('Root Entry', 'WordDocument')), 'application/msword');
});

test('a compound file without a WordDocument stream (an old Excel book) is not taken for Word', async (t) => {
  t.not(await mediaTypeOf(compoundFile('Root Entry', 'Workbook')), 'application/msword');
});
