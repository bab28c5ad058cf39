import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, attachmentDisposition, formatFileSize, sanitiseFileName, sniffFileType, type FileType, type SniffResult } from '../../../src/domain/file-types.js';
import { minimalPdf } from '../../../src/seed/documents.js';
import { docx, elfExecutable, jpeg, odt, png, windowsExecutable, xlsx, zipOf } from '../../helpers/files.js';

describe('deciding what a file is from its content', () => {
  it.each<[string, Buffer, SniffResult]>([
    ['a PDF', minimalPdf(['Hello']), { ok: true, type: 'pdf' }],
    ['a Word document', docx(), { ok: true, type: 'docx' }],
    ['an Excel spreadsheet', xlsx(), { ok: true, type: 'xlsx' }],
    ['an OpenDocument text', odt(), { ok: true, type: 'odt' }],
    ['a PNG', png(), { ok: true, type: 'png' }],
    ['a JPEG', jpeg(), { ok: true, type: 'jpeg' }],
    ['plain text', Buffer.from('Notes from the meeting\nAgreed: a quiet space.\n'), { ok: true, type: 'text' }],
    ['UTF-8 text with accents', Buffer.from('Zoë’s report — naïve café\n'), { ok: true, type: 'text' }],
    ['an empty file', Buffer.alloc(0), { ok: false, reason: 'empty' }],
    ['a Windows executable (whatever it is called)', windowsExecutable(), { ok: false, reason: 'executable' }],
    ['an ELF executable', elfExecutable(), { ok: false, reason: 'executable' }],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), { ok: false, reason: 'executable' }],
    ['a zip that is not a document', zipOf([{ name: 'payload.exe', content: 'MZ' }]), { ok: false, reason: 'not_allowed' }],
    ['a zip naming the Word main part but without word/document.xml', zipOf([{ name: '[Content_Types].xml', content: 'wordprocessingml.document.main+xml' }]), { ok: false, reason: 'not_allowed' }],
    ['an ODT whose mimetype is something else', zipOf([{ name: 'mimetype', content: 'application/x-msdownload' }]), { ok: false, reason: 'not_allowed' }],
    ['a broken zip', Buffer.from('PK\x03\x04garbage', 'latin1'), { ok: false, reason: 'not_allowed' }],
    ['binary with NULs', Buffer.from([0x01, 0x02, 0x00, 0x03]), { ok: false, reason: 'not_allowed' }],
    ['invalid UTF-8', Buffer.from([0x68, 0x69, 0xc3, 0x28]), { ok: false, reason: 'not_allowed' }],
    ['a GIF (not on the list)', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00', 'latin1'), { ok: false, reason: 'not_allowed' }],
  ])('%s', (_label, bytes, expected) => {
    expect(sniffFileType(bytes)).toEqual(expected);
  });

  it('refuses a file over the limit, even a real PDF', () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_DOCUMENT_BYTES)]);
    expect(sniffFileType(big)).toEqual({ ok: false, reason: 'too_large' });
    expect(sniffFileType(Buffer.from('%PDF-1.4 tiny'), 5)).toEqual({ ok: false, reason: 'too_large' });
  });
});

describe('sanitising file names', () => {
  it.each<[string, FileType, string]>([
    ['report.pdf', 'pdf', 'report.pdf'],
    ['C:\\Users\\sarah\\Desktop\\report.pdf', 'pdf', 'report.pdf'],
    ['../../etc/passwd', 'text', 'passwd.txt'],
    ['invoice.exe', 'pdf', 'invoice.exe.pdf'],
    // A file that is really a PNG is offered as one, whatever it was called.
    ['scan.pdf', 'png', 'scan.pdf.png'],
    ['Photo.JPG', 'jpeg', 'Photo.jpg'],
    ['photo.jpeg', 'jpeg', 'photo.jpeg'],
    ['notes', 'text', 'notes.txt'],
    ['a<b>c:d"e|f?g*h.docx', 'docx', 'a_b_c_d_e_f_g_h.docx'],
    ['tab\there\u0000and\u001bnul.odt', 'odt', 'tabhereandnul.odt'],
    // A right-to-left override would make "fdp.exe" display as "exe.pdf".
    ['report\u202Efdp.exe', 'pdf', 'reportfdp.exe.pdf'],
    ['   spaced   out   .pdf', 'pdf', 'spaced out.pdf'],
    ['.pdf', 'pdf', 'document.pdf'],
    ['', 'text', 'document.txt'],
    ['...', 'pdf', 'document.pdf'],
    ['CON.txt', 'text', '_CON.txt'],
    ['Zoë’s plan.pdf', 'pdf', 'Zoë’s plan.pdf'],
  ])('%j as %s → %j', (original, type, expected) => {
    expect(sanitiseFileName(original, type)).toBe(expected);
  });

  it('limits the length and keeps the extension', () => {
    const name = sanitiseFileName(`${'a'.repeat(300)}.pdf`, 'pdf');
    expect(name).toBe(`${'a'.repeat(100)}.pdf`);
  });
});

describe('the download header', () => {
  it.each([
    ['report.pdf', `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`],
    ['Zoë’s plan (final).pdf', `attachment; filename="Zo__s plan (final).pdf"; filename*=UTF-8''Zo%C3%AB%E2%80%99s%20plan%20%28final%29.pdf`],
    ["it's.txt", `attachment; filename="it's.txt"; filename*=UTF-8''it%27s.txt`],
  ])('%s', (name, expected) => {
    expect(attachmentDisposition(name)).toBe(expected);
  });
});

describe('file sizes', () => {
  it.each([
    [1, '1 byte'],
    [820, '820 bytes'],
    [14_336, '14 KB'],
    [2_411_725, '2.3 MB'],
  ])('%d → %s', (bytes, expected) => {
    expect(formatFileSize(bytes)).toBe(expected);
  });
});
