/** Audit event names, VERB_OBJECT. A route declares which one it writes when it is registered. */
export const AUDIT_ACTIONS = {
  SIGN_IN: 'Signed in',
  SIGN_IN_FAILED: 'Failed to sign in',
  SIGN_OUT: 'Signed out',
  VIEW_CASELOAD: 'Viewed the caseload list',
  VIEW_CHILD: "Viewed the child's record",
  VIEW_PLAN: "Viewed the child's EHC plan",
  VIEW_PROVISION: "Viewed the child's provision",
  VIEW_REVIEWS: "Viewed the child's reviews",
  VIEW_TIMELINE: "Viewed the child's timeline",
  VIEW_FUNDING: "Viewed the child's funding",
  VIEW_INCLUSION: "Viewed the child's inclusion record",
  VIEW_CHILD_HISTORY: "Viewed the history of the child's record",
  VIEW_REPORTS: 'Viewed aggregate reports',
  VIEW_USERS: 'Viewed the list of users',
  RECORD_PROVISION_DELIVERY: 'Recorded provision delivered or missed',
  IMPORT_PROVISION_DELIVERY: 'Imported provision delivery records',
  CORRECT_PROVISION_DELIVERY: 'Corrected a provision delivery record',
  VIEW_DELIVERY_MONITORING: 'Viewed provision delivery across the LA',
  RAISE_PROVISION_CONCERN: 'Raised a provision concern',
  VIEW_PROVISION_CONCERN: 'Viewed a provision concern',
  UPDATE_PROVISION_CONCERN: 'Took a step on a provision concern',
  VIEW_EDUCATION: "Viewed the child's education offer",
  RECORD_EDUCATION_ARRANGEMENT: 'Recorded the education a child is offered',
  VIEW_NOT_FULL_TIME: 'Viewed children without full-time education',
  MANAGE_SCHOOL_CALENDAR: 'Changed the term dates',
  MANAGE_LA_POLICY: "Changed the LA's alarm thresholds",
  VIEW_API_KEYS: 'Viewed API keys',
  MANAGE_API_KEYS: 'Issued or revoked an API key',
  RUN_DAILY_SWEEP: 'Ran the daily provision sweep',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function describeAuditAction(action: string): string {
  return action in AUDIT_ACTIONS ? AUDIT_ACTIONS[action as AuditAction] : action;
}
