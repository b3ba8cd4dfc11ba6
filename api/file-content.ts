import { fileTypeFromBuffer } from 'file-type';
import { wordDocType, wordDocxType } from '../domain/complainant-files';

/**
 * The media type of a file by its content. A Word file is more than its container: a .docx
 * is a zip that holds `word/document.xml`, a .doc an OLE compound file that holds a
 * `WordDocument` stream; any other zip or compound file stays what it is, and is refused.
 */
export async function mediaTypeOf(content: Buffer): Promise<string | undefined> {
  const type = await fileTypeFromBuffer(content);
  if (!type) return undefined;
  if (type.mime === wordDocxType || type.mime === 'application/zip') {
    return zipHolds(content, 'word/document.xml') ? wordDocxType : 'application/zip';
  }
  if (type.mime === 'application/x-cfb') {
    return compoundFileHolds(content, 'WordDocument') ? wordDocType : type.mime;
  }
  return type.mime;
}

const endOfCentralDirectory = 0x06054b50;
const centralDirectoryEntry = 0x02014b50;

/** Whether the zip's central directory names `entry` (read from the end, as unzip does). */
function zipHolds(zip: Buffer, entry: string): boolean {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  let end = -1;
  for (let at = zip.length - 22; at >= earliest; at--) {
    if (zip.readUInt32LE(at) === endOfCentralDirectory) {
      end = at;
      break;
    }
  }
  if (end < 0) return false;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== centralDirectoryEntry) return false;
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === entry) return true;
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return false;
}

/**
 * Whether an OLE compound file has a directory entry named `stream`: entries hold their names
 * in UTF-16LE, NUL-terminated, at the start of each 128-byte entry.
 */
function compoundFileHolds(file: Buffer, stream: string): boolean {
  const name = Buffer.from(`${stream}\u0000`, 'utf16le');
  for (let at = file.indexOf(name); at >= 0; at = file.indexOf(name, at + 1)) {
    if (at % 128 === 0) return true;
  }
  return false;
}
