/**
 * What an entry on a child's timeline records. Each module writes its own kinds when the thing
 * happens; staff log contacts (calls, letters, meetings, notes) by hand.
 */
export const TIMELINE_KINDS = {
  plan_issued: 'EHC plan issued',
  plan_amended: 'EHC plan amended',
  plan_amendment_proposed: 'Changes to the EHC plan proposed',
  review: 'Review',
  placement: 'Placement',
  provision_concern: 'Provision concern',
  education: 'Education offered',
  exclusion: 'Exclusion',
  decision: 'Decision',
  message: 'Message',
  document: 'Document',
  phone_call: 'Phone call',
  letter: 'Letter',
  meeting: 'Meeting',
  note: 'Note',
} as const;

export type TimelineKind = keyof typeof TIMELINE_KINDS;

export function isTimelineKind(value: string): value is TimelineKind {
  return value in TIMELINE_KINDS;
}

/** The kinds staff record by hand ("log a call"); the others are written by the module concerned. */
export const LOGGED_CONTACT_KINDS = ['phone_call', 'letter', 'meeting', 'note'] as const satisfies readonly TimelineKind[];
