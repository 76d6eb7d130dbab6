/** Lists the entries of a zip file (a .vsix is one) from its central directory; no dependency, no zip64. */
import * as fs from 'node:fs';

/** One file in a zip archive. */
export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
}

const endOfCentralDirectory = 0x06054b50;
const centralDirectoryHeader = 0x02014b50;

/** Reads the names and sizes of every entry; throws when the file is not a zip. */
export function listZip(file: string): ZipEntry[] {
  const data = fs.readFileSync(file);
  const end = findEndOfCentralDirectory(data);
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (data.readUInt32LE(offset) !== centralDirectoryHeader) throw new Error(`${file}: bad central directory entry ${index}`);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    entries.push({
      name: data.toString('utf8', offset + 46, offset + 46 + nameLength),
      compressedSize: data.readUInt32LE(offset + 20),
      size: data.readUInt32LE(offset + 24),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// The record sits at the end, followed only by a comment of at most 64 KiB.
function findEndOfCentralDirectory(data: Buffer): number {
  for (let offset = data.length - 22; offset >= Math.max(0, data.length - 22 - 0xffff); offset--) {
    if (data.readUInt32LE(offset) === endOfCentralDirectory) return offset;
  }
  throw new Error('not a zip file: no end of central directory record');
}
