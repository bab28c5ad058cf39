import { inflateRawSync } from 'node:zlib';

/** The largest document accepted: big enough for a scanned report, small enough to keep in the database. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/**
 * The kinds of file a child's record holds. The type is decided from the content's own signature,
 * never the name or what the browser claims, so an executable renamed `report.pdf` is refused and
 * a download is always served as what it really is.
 */
export const FILE_TYPES = {
  pdf: { label: 'PDF', contentType: 'application/pdf', extensions: ['pdf'] },
  docx: { label: 'Word document', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { label: 'Excel spreadsheet', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  odt: { label: 'OpenDocument text', contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  png: { label: 'PNG image', contentType: 'image/png', extensions: ['png'] },
  jpeg: { label: 'JPEG image', contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  text: { label: 'Plain text', contentType: 'text/plain; charset=utf-8', extensions: ['txt'] },
} as const;

export type FileType = keyof typeof FILE_TYPES;

/** The type a stored content type stands for (a download serves it back). */
export function fileTypeOfContentType(contentType: string): FileType | undefined {
  return (Object.keys(FILE_TYPES) as FileType[]).find((type) => FILE_TYPES[type].contentType === contentType);
}

export type SniffResult = { ok: true; type: FileType } | { ok: false; reason: 'empty' | 'too_large' | 'executable' | 'not_allowed' };

/** What the uploader is told for each refusal. */
export const SNIFF_REFUSALS: Record<Exclude<SniffResult, { ok: true }>['reason'], string> = {
  empty: 'The selected file is empty',
  too_large: 'The selected file must be smaller than 10 MB',
  executable: 'The selected file is a program, not a document. Upload a PDF, Word, Excel, OpenDocument, PNG, JPEG or plain text file',
  not_allowed: 'The selected file must be a PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), PNG, JPEG or plain text file',
};

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => bytes.length >= at + signature.length && signature.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string): number[] => Array.from(Buffer.from(text, 'latin1'));

const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
// Windows PE ("MZ"), ELF, Mach-O (both byte orders, 32/64 bit, fat) and scripts with a shebang.
const EXECUTABLES: readonly (readonly number[])[] = [
  ascii('MZ'),
  [0x7f, 0x45, 0x4c, 0x46],
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xca, 0xfe, 0xba, 0xbe],
  ascii('#!'),
];

/** Decide what a file is from its bytes. Pure: the upload route refuses anything not `ok`. */
export function sniffFileType(bytes: Uint8Array, maxBytes: number = MAX_DOCUMENT_BYTES): SniffResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > maxBytes) return { ok: false, reason: 'too_large' };
  if (EXECUTABLES.some((signature) => startsWith(bytes, signature))) return { ok: false, reason: 'executable' };
  if (startsWith(bytes, PDF)) return { ok: true, type: 'pdf' };
  if (startsWith(bytes, PNG)) return { ok: true, type: 'png' };
  if (startsWith(bytes, JPEG)) return { ok: true, type: 'jpeg' };
  if (startsWith(bytes, ZIP)) {
    const type = officeTypeOfZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return type ? { ok: true, type } : { ok: false, reason: 'not_allowed' };
  }
  if (isPlainText(bytes)) return { ok: true, type: 'text' };
  return { ok: false, reason: 'not_allowed' };
}

/** Valid UTF-8 with no NUL bytes: what a binary file almost never is. */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** The entries of a zip, from its central directory; undefined when it is not a well-formed zip. */
function zipEntries(zip: Buffer): ZipEntry[] | undefined {
  // The end-of-central-directory record is in the last 22 bytes plus up to 64 KB of comment.
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  let end = -1;
  for (let at = zip.length - 22; at >= earliest; at -= 1) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    if (at + 46 + nameLength > zip.length) return undefined;
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeaderOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The content of one small entry (stored or deflated), at most 64 KB: a manifest, never a payload. */
function entryText(zip: Buffer, entry: ZipEntry): string | undefined {
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) return undefined;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) return undefined;
  try {
    if (entry.method === 0) return data.subarray(0, 65_536).toString('utf8');
    // A bounded output, so a zip bomb posing as a manifest costs nothing.
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: 65_536 }).toString('utf8');
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Which office document a zip is, if any. DOCX and XLSX declare their main part in
 * [Content_Types].xml (ECMA-376 Part 2); an ODT starts with an uncompressed `mimetype` entry
 * naming its type (OpenDocument 1.2 Part 3, 3.3). A zip of anything else is refused.
 */
function officeTypeOfZip(zip: Buffer): FileType | undefined {
  const entries = zipEntries(zip);
  if (!entries) return undefined;
  const mimetype = entries.find((entry) => entry.name === 'mimetype');
  if (mimetype && mimetype.localHeaderOffset === 0 && mimetype.method === 0 && entryText(zip, mimetype)?.trim() === FILE_TYPES.odt.contentType) return 'odt';
  const contentTypes = entries.find((entry) => entry.name === '[Content_Types].xml');
  const manifest = contentTypes ? entryText(zip, contentTypes) : undefined;
  if (!manifest) return undefined;
  const names = new Set(entries.map((entry) => entry.name));
  if (manifest.includes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml') && names.has('word/document.xml')) return 'docx';
  if (manifest.includes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml') && names.has('xl/workbook.xml')) return 'xlsx';
  return undefined;
}

/** Longest name kept, before the extension: long enough to read, short enough for every file system. */
const MAX_FILE_NAME_STEM = 100;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name safe to show and to offer on download, never used as a path: the last path segment
 * only, no control or bidirectional-override characters, none of the characters file systems
 * reserve, trimmed to length, and ending in an extension that matches what the file really is.
 */
export function sanitiseFileName(original: string, type: FileType): string {
  const lastSegment = original.split(/[/\\]/).at(-1) ?? '';
  let name = lastSegment
    .normalize('NFC')
    // C0 and C1 controls, and the invisible characters that can make "exe.pdf" read as "fdp.exe".
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  const { extensions } = FILE_TYPES[type];
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  let stem = dot >= 0 && (extensions as readonly string[]).includes(extension) ? name.slice(0, dot) : name;
  stem = stem.replace(/^[.\s]+|[.\s]+$/g, '');
  if (stem.length > MAX_FILE_NAME_STEM)
    stem = Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(stem), (part) => part.segment)
      .slice(0, MAX_FILE_NAME_STEM)
      .join('')
      .trimEnd();
  if (stem === '') stem = 'document';
  if (WINDOWS_RESERVED.test(stem)) stem = `_${stem}`;
  name = `${stem}.${(extensions as readonly string[]).includes(extension) ? extension : extensions[0]}`;
  return name;
}

/**
 * A Content-Disposition header that offers the file for download under its (sanitised) name:
 * an ASCII fallback for old clients and the UTF-8 name per RFC 6266 / RFC 8187.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A size as people read it: "820 bytes", "14 KB", "2.3 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${String(Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
