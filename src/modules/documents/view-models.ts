import type { Principal } from '../../auth/child-scope.js';
import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import { AUDIENCES, AUDIENCE_TAGS, audiencesWritableBy, isAudience } from '../../domain/audience.js';
import { FILE_TYPES, fileTypeOfContentType, formatFileSize } from '../../domain/file-types.js';
import { formatDateTime } from '../../domain/formatting.js';
import { cell, link, tag, type Part } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import type { ErrorSummaryView } from '../../http/validation.js';
import type { DocumentRow } from './repository.js';
import type { LinkTarget } from './service.js';

const downloadPath = (documentId: string, version: number) => paths.documents.download({ documentId, version: String(version) });

function typeLabel(contentType: string): string {
  const type = fileTypeOfContentType(contentType);
  return type ? FILE_TYPES[type].label : 'File';
}

function audienceTag(audience: string): Part[] {
  if (!isAudience(audience)) return [];
  return [tag(AUDIENCE_TAGS[audience], audience === 'family' ? 'green' : audience === 'professionals' ? 'blue' : 'grey')];
}

function uploadedBy(row: { uploadedByName: string; uploadedByRole?: string }): string {
  const role = row.uploadedByRole && isRole(row.uploadedByRole) ? ` (${ROLE_LABELS[row.uploadedByRole]})` : '';
  return `${row.uploadedByName}${role}`;
}

function linkedTo(target: LinkTarget | undefined): Part {
  if (!target) return { text: 'Nothing' };
  return target.href ? link(target.href, target.label) : { text: target.label };
}

/** The rows of the Documents tab table. */
export function documentTableRows(rows: DocumentRow[], links: Map<string, LinkTarget>) {
  return rows.map((row) => [
    cell(link(paths.documents.document({ childId: row.childId, documentId: row.id }), row.title), { small: row.fileName }),
    { text: `${typeLabel(row.contentType)}, ${formatFileSize(row.sizeBytes)}` },
    { text: String(row.version), format: 'numeric' },
    { text: `${uploadedBy(row)}, ${formatDateTime(row.uploadedAt)}` },
    cell(linkedTo(links.get(`${row.linkType ?? ''}|${row.linkId ?? ''}`))),
    cell(...audienceTag(row.audience)),
    cell(link(downloadPath(row.id, row.version), 'Download', row.title)),
  ]);
}

/** The attachments list a page about something else (a message thread) includes. */
export function attachmentsView(rows: DocumentRow[]) {
  return rows.map((row) => ({
    title: row.title,
    href: downloadPath(row.id, row.version),
    detail: `${typeLabel(row.contentType)}, ${formatFileSize(row.sizeBytes)}, version ${String(row.version)}`,
  }));
}

export function versionRows(documentId: string, versions: { version: number; fileName: string; contentType: string; sizeBytes: number; uploadedAt: Date; uploadedByName: string }[]) {
  return versions.map((version) => [
    { text: String(version.version), format: 'numeric' },
    { text: version.fileName },
    { text: `${typeLabel(version.contentType)}, ${formatFileSize(version.sizeBytes)}` },
    { text: `${version.uploadedByName}, ${formatDateTime(version.uploadedAt)}` },
    cell(link(downloadPath(documentId, version.version), 'Download', `version ${String(version.version)}`)),
  ]);
}

export function documentSummaryRows(row: DocumentRow, target: LinkTarget | undefined) {
  return [
    { key: { text: 'Title' }, value: { text: row.title } },
    { key: { text: 'Current version' }, value: { text: `${String(row.version)}: ${row.fileName}` } },
    { key: { text: 'Type and size' }, value: { text: `${typeLabel(row.contentType)}, ${formatFileSize(row.sizeBytes)}` } },
    { key: { text: 'Who can see it' }, value: cell(...audienceTag(row.audience), { text: ` ${isAudience(row.audience) ? AUDIENCES[row.audience] : ''}` }) },
    { key: { text: 'Linked to' }, value: cell(linkedTo(target)) },
  ];
}

/** The add-a-document form: the audiences this person may choose, and what the document may be about. */
export function uploadFormView(params: {
  principal: Principal;
  values: Record<string, unknown>;
  errors?: ErrorSummaryView;
  hasPlan: boolean;
  /** A link fixed by the page that sent the person here (a message thread), carried in hidden fields. */
  fixedLink?: { linkType: string; linkId: string };
}) {
  const { values } = params;
  const text = (key: string) => (typeof values[key] === 'string' ? values[key] : '');
  const writable = audiencesWritableBy(params.principal.role);
  const linkItems =
    params.hasPlan && !params.fixedLink
      ? [
          { value: 'none', text: 'Nothing in particular', checked: text('linkType') === '' || text('linkType') === 'none' },
          { value: 'plan_section_k', text: 'Advice for the plan (section K)', checked: text('linkType') === 'plan_section_k' },
          { value: 'review', text: 'The next annual review', checked: text('linkType') === 'review' },
        ]
      : undefined;
  return {
    values: { title: text('title') },
    errors: params.errors,
    audienceItems: writable.length > 1 ? writable.map((audience) => ({ value: audience, text: AUDIENCES[audience], checked: text('audience') === audience })) : undefined,
    onlyAudience: writable.length === 1 && writable[0] ? AUDIENCES[writable[0]] : undefined,
    linkItems,
    fixedLink: params.fixedLink,
  };
}
