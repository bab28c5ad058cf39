import { createHash } from 'node:crypto';
import type { Database } from '../db/client.js';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { appUser, child, document, documentVersion, familyLink, placement } from '../db/schema/index.js';
import type { Audience } from '../domain/audience.js';
import { FILE_TYPES } from '../domain/file-types.js';
import { addTimelineEntries, type NewTimelineEntry } from '../modules/timeline/repository.js';
import { Prng, seedFromText } from './prng.js';

/**
 * A small, valid one-page PDF with some lines of text (Helvetica, no fonts embedded). Byte offsets
 * in the cross-reference table are computed, so PDF readers open it without repairing it.
 */
export function minimalPdf(lines: string[]): Buffer {
  // PDF strings escape backslash and parentheses; text outside Latin-1 is replaced.
  const escape = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const stream = ['BT', '/F1 12 Tf', '72 770 Td', '16 TL', ...lines.map((line) => `(${escape(line)}) '`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${String(Buffer.byteLength(stream, 'latin1'))} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${String(index + 1)} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xrefAt)}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

interface DemoChildForDocuments {
  childId: string;
  forename: string;
  /** The demo parent's child: gets a family document and a professionals-only one, so both rules show. */
  isDemoParentsChild: boolean;
}

/**
 * The children the demo users can see: the demo parent's children (the younger gets every kind of
 * document) and the pupils at the demo SENCO's school.
 */
async function demoChildren(db: Database, laId: string): Promise<DemoChildForDocuments[]> {
  const parents = await db
    .select({ childId: child.id, forename: child.forename, dateOfBirth: child.dateOfBirth })
    .from(child)
    .innerJoin(familyLink, eq(familyLink.childId, child.id))
    .innerJoin(appUser, and(eq(appUser.id, familyLink.userId), eq(appUser.role, 'parent')))
    .where(eq(child.laId, laId))
    .orderBy(desc(child.dateOfBirth), asc(child.id));
  const pupils = await db
    .selectDistinct({ childId: child.id, forename: child.forename })
    .from(child)
    .innerJoin(placement, and(eq(placement.childId, child.id), isNull(placement.endDate)))
    .innerJoin(appUser, and(eq(appUser.settingId, placement.settingId), eq(appUser.role, 'school_senco')))
    .where(eq(child.laId, laId))
    .orderBy(child.id);
  const first = parents[0];
  return [
    ...(first ? [{ childId: first.childId, forename: first.forename, isDemoParentsChild: true }] : []),
    ...pupils.filter((pupil) => !parents.some((row) => row.childId === pupil.childId)).map((pupil) => ({ ...pupil, isDemoParentsChild: false })),
  ];
}

interface DemoDocumentTemplate {
  title: string;
  audience: Audience;
  kind: 'pdf' | 'text';
  lines: (forename: string) => string[];
}

const TEMPLATES: DemoDocumentTemplate[] = [
  {
    title: 'Speech and language therapy report',
    audience: 'family',
    kind: 'pdf',
    lines: (name) => ['Speech and language therapy report', '', `${name} has made good progress with the attention and listening targets.`, 'Next review of therapy targets: end of term.'],
  },
  {
    title: 'Educational psychology advice',
    audience: 'professionals',
    kind: 'pdf',
    lines: (name) => ['Educational psychology advice (section K)', '', `Assessment of ${name}'s learning and cognition.`, 'Demo content: not a real assessment.'],
  },
  {
    title: 'Notes from the school meeting',
    audience: 'family',
    kind: 'text',
    lines: (name) => [`Meeting about ${name}`, '', 'Attended: parent, SENCO, class teacher.', 'Agreed: a visual timetable and a quiet space at lunchtime.'],
  },
  {
    title: 'Panel notes',
    audience: 'la_internal',
    kind: 'text',
    lines: (name) => [`SEN panel notes: ${name}`, '', 'Demo content: panel agreed to keep the placement under review.'],
  },
];

/**
 * Demo documents: a few small PDFs and text files on some children, with mixed audiences, written
 * with their timeline entries. Their own PRNG stream, so adding them changed no other demo record.
 */
export async function seedDemoDocuments(db: Database, options: { laId: string; seed: string; uploadedBy: string; today: string }): Promise<void> {
  const children = await demoChildren(db, options.laId);
  const prng = new Prng(seedFromText(`${options.seed}:documents`));
  const documents: (typeof document.$inferInsert)[] = [];
  const versions: (typeof documentVersion.$inferInsert)[] = [];
  const timeline: NewTimelineEntry[] = [];
  for (const demoChild of children) {
    const templates = demoChild.isDemoParentsChild ? TEMPLATES : TEMPLATES.filter(() => prng.chance(0.4));
    for (const template of templates) {
      const documentId = prng.uuid();
      const uploadedAt = new Date(`${options.today}T09:00:00Z`);
      uploadedAt.setUTCDate(uploadedAt.getUTCDate() - prng.int(3, 120));
      const lines = template.lines(demoChild.forename);
      const content = template.kind === 'pdf' ? minimalPdf(lines) : Buffer.from(`${lines.join('\n')}\n`, 'utf8');
      const slug = template.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      documents.push({ id: documentId, laId: options.laId, childId: demoChild.childId, title: template.title, audience: template.audience, createdBy: options.uploadedBy, createdAt: uploadedAt });
      versions.push({
        laId: options.laId,
        documentId,
        version: 1,
        fileName: `${slug}.${template.kind === 'pdf' ? 'pdf' : 'txt'}`,
        contentType: FILE_TYPES[template.kind].contentType,
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        uploadedBy: options.uploadedBy,
        uploadedAt,
      });
      timeline.push({
        laId: options.laId,
        childId: demoChild.childId,
        occurredAt: uploadedAt,
        kind: 'document',
        title: `Document added: ${template.title}`,
        audience: template.audience,
        authorUserId: options.uploadedBy,
        authorRole: 'sen_caseworker',
        sourceType: 'document',
        sourceId: documentId,
      });
    }
  }
  if (documents.length === 0) return;
  await db.transaction(async (tx) => {
    for (let start = 0; start < documents.length; start += 200) await tx.insert(document).values(documents.slice(start, start + 200));
    for (let start = 0; start < versions.length; start += 200) await tx.insert(documentVersion).values(versions.slice(start, start + 200));
    await addTimelineEntries(tx, timeline);
  });
}
