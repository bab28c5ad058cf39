/**
 * The family's view of who has looked at or changed their child's record, in plain words. Each
 * audited action becomes what the person did ("looked at the plan"); anything not listed is said
 * with the audit trail's own description, so nothing is hidden from the family.
 */
const ACCESS_LOG_PHRASES: Readonly<Record<string, string>> = {
  VIEW_CHILD: 'looked at the record',
  VIEW_PLAN: 'looked at the plan',
  VIEW_PROVISION: 'looked at the support in the plan',
  VIEW_REVIEWS: 'looked at the reviews',
  VIEW_REVIEW: 'looked at a review of the plan',
  CREATE_REVIEW: 'arranged a review of the plan',
  SCHEDULE_REVIEW_MEETING: 'arranged the review meeting',
  SEND_REVIEW_INVITATIONS: 'sent the invitations to the review meeting',
  SEND_REVIEW_PAPERS: 'sent out the views and advice for the review',
  ADD_REVIEW_CONTRIBUTION: 'added views or advice for the review',
  RECORD_REVIEW_MEETING: 'recorded the review meeting',
  SEND_REVIEW_REPORT: 'sent the review report',
  RECORD_REVIEW_DECISION: 'recorded the decision after the review',
  VIEW_TIMELINE: 'looked at the timeline',
  VIEW_FUNDING: 'looked at the funding',
  VIEW_INCLUSION: 'looked at the school placement and education offered',
  VIEW_EDUCATION: 'looked at the education offered',
  VIEW_CHILD_HISTORY: 'looked at the history of the record',
  VIEW_INVOLVED: 'looked at who is involved',
  VIEW_MESSAGES: 'looked at the messages',
  VIEW_DOCUMENTS: 'looked at the documents',
  VIEW_PROVISION_CONCERN: 'looked at a concern about support',
  VIEW_ACCESS_LOG: 'looked at who has looked at the record',
  DOWNLOAD_DOCUMENT: 'downloaded a document',
  UPLOAD_DOCUMENT: 'added a document',
  SEND_MESSAGE: 'sent a message',
  READ_MESSAGE: 'read a message',
  RECORD_PROVISION_DELIVERY: 'recorded support delivered or missed',
  IMPORT_PROVISION_DELIVERY: 'sent in records of support delivered or missed',
  CORRECT_PROVISION_DELIVERY: 'corrected a record of support',
  RAISE_PROVISION_CONCERN: 'raised a concern about support',
  UPDATE_PROVISION_CONCERN: 'worked on a concern about support',
  RECORD_EDUCATION_ARRANGEMENT: 'recorded the education offered',
  ADD_TIMELINE_ENTRY: 'added to the timeline',
  MANAGE_CONTACTS: 'changed who is involved',
  RENAME_PROVISION_ITEM: 'changed the name of some support in the plan',
};

/** "speech and language therapy" from the item's short name "Speech and language therapy", in a sentence. */
function itemInASentence(shortName: string): string {
  const name = shortName.trim();
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * What someone did, with the support named when one record was made from the form, and both names
 * when support was given a new short name.
 */
export function accessLogPhrase(action: string, fallback: string, detail: { itemName?: string | null; status?: string | null; renamed?: { before: string; after: string } | null } = {}): string {
  if (action === 'RECORD_PROVISION_DELIVERY' && detail.itemName) {
    return `recorded ${itemInASentence(detail.itemName)} ${detail.status === 'missed' ? 'missed' : 'delivered'}`;
  }
  if (action === 'RENAME_PROVISION_ITEM' && detail.renamed) {
    return `changed the name of “${detail.renamed.before}” to “${detail.renamed.after}”`;
  }
  return ACCESS_LOG_PHRASES[action] ?? fallback.charAt(0).toLowerCase() + fallback.slice(1);
}

/** "Sam Patel, SEN caseworker, looked at the plan on 3 March 2026 at 10:14am". */
export function accessLogSentence(entry: { who: string; roleLabel: string; organisation: string | null; phrase: string; when: string }): string {
  const about = [entry.roleLabel, entry.organisation].filter(Boolean).join(', ');
  return `${entry.who}${about ? `, ${about},` : ''} ${entry.phrase} on ${entry.when}`;
}
