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
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function describeAuditAction(action: string): string {
  return action in AUDIT_ACTIONS ? AUDIT_ACTIONS[action as AuditAction] : action;
}
