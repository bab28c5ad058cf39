import { ROLES, type Role } from './roles.js';

/**
 * What a role may do, independent of which record. Record-level rules (which children) are in
 * child-scope.ts; a route needs both its permission and, for a child, the child in scope.
 */
export const PERMISSIONS = [
  /** See the list of children the user is linked to. */
  'caseload:view',
  /** Open a child's record (subject to child scope). */
  'child:view',
  /** See the audit history of a child's record. */
  'child:history',
  /** See aggregate figures, never child-level data. */
  'reports:view',
  /**
   * See the LA's aggregate cost reports: average funding a year per child by placement type (small
   * groups suppressed) and planned against delivered cost of provision by type and provider. No child named.
   */
  'funding:report',
  /** Manage users, teams and settings of the LA. */
  'admin:manage',
  /** Record provision delivered or missed (subject to child scope and who provides the item). */
  'provision:record',
  /** Raise a concern that a child's provision is not being delivered (subject to child scope). */
  'concern:raise',
  /** Own and work provision concerns: contact, agree action, escalate, resolve, call an early review. */
  'concern:manage',
  /** Record the education a child is offered: full-time, a part-time timetable, or no setting. */
  'education:record',
  /** Child-level monitoring lists across the LA: children without full-time education, delivery shortfalls. */
  'la:monitor',
  /** Write and read messages on a child's record (subject to child scope and the thread's audience). */
  'message:send',
  /** Give a conversation to another LA officer, who then answers for its reply times. */
  'message:reassign',
  /** Record a phone call, letter, meeting or note on a child's timeline. */
  'timeline:log',
  /** Act for a family member who cannot use the system (assisted digital); marked as assisted. */
  'family:assist',
  /** Upload documents to a child's record (download follows the document's audience). */
  'document:upload',
  /** Have a work tray of tasks and complete them. */
  'task:work',
  /** See the team's tasks and the communication promise for the LA: reply times by officer and team. */
  'team:oversee',
  /** A family member reads who has viewed or changed their child's record. */
  'family:access-log',
  /** Issue an amended EHC plan: a new version of the plan in force (subject to child scope). */
  'plan:amend',
  /** Give a line of provision in the plan in force the short name families read (subject to child scope). */
  'provision:name',
  /** See the LA's resource bases and SEN units: places, monitoring visits, survey results (a school: the bases it hosts). */
  'base:view',
  /** Add a resource base or SEN unit and change its details: host school, designation, commissioned places. */
  'base:manage',
  /** Record a termly monitoring visit to a base: each pupil's progress and provision, findings and actions. */
  'base:visit',
  /** A parent answers the satisfaction survey of the base their child is placed in. */
  'base:survey',
  /** Call an interim (early) review of a child's plan, or ask for one as the family or the school (subject to child scope). */
  'review:call',
  /** Set how reviews are targeted for attendance: the risk weights and each officer's capacity a term. */
  'review:targeting',
  /** Run reviews of plans: arrange the meeting, invite, record it and send the report (a school: its own pupils' reviews it runs). */
  'review:manage',
  /** Make the LA's decision after a review: maintain, amend or cease the plan. */
  'review:decide',
  /** Add views or advice to a review of a plan the person is invited to or works on (families: online, or an officer for them). */
  'review:contribute',
  /** See what the LA pays for one child: placement and provision costs at the LA's rates (subject to child scope). */
  'funding:view',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const CASEWORK: Permission[] = [
  'caseload:view',
  'child:view',
  'child:history',
  'reports:view',
  'provision:record',
  'concern:raise',
  'concern:manage',
  'education:record',
  'la:monitor',
  'message:send',
  'message:reassign',
  'timeline:log',
  'family:assist',
  'document:upload',
  'task:work',
  'plan:amend',
  'provision:name',
  'base:view',
  'review:call',
  'review:manage',
  'review:decide',
  'review:contribute',
];
// Everyone who works with a child talks about them on the record and can log a call or meeting.
const COMMUNICATES: Permission[] = ['message:send', 'timeline:log', 'document:upload'];
const LINKED_TO_CHILDREN: Permission[] = ['caseload:view', 'child:view'];
// Families can say provision is not happening and write to the people involved; they cannot work
// the LA's concern, and they can see who has looked at their child's record.
const FAMILY: Permission[] = [...LINKED_TO_CHILDREN, 'concern:raise', 'message:send', 'document:upload', 'family:access-log', 'review:call', 'review:contribute'];
const DELIVERS_PROVISION: Permission[] = [...LINKED_TO_CHILDREN, 'provision:record', 'concern:raise', ...COMMUNICATES, 'review:contribute'];

// Resource bases: inclusion officers and EPs visit them; SEN managers and inclusion officers commission them.
const GRANTS: Record<Role, readonly Permission[]> = {
  // A child's costs at the LA's rates are for the LA roles that commission and pay for provision,
  // never for families, schools or providers (who see the provision itself).
  sen_caseworker: [...CASEWORK, 'funding:view'],
  // Managers answer for their team's promise and see its work.
  sen_team_manager: [...CASEWORK, 'funding:view', 'funding:report', 'team:oversee', 'base:manage', 'review:targeting'],
  educational_psychologist: ['caseload:view', 'child:view', 'child:history', ...COMMUNICATES, 'task:work', 'base:view', 'base:visit', 'review:contribute'],
  // Inclusion officers follow children out of full-time education and can record what is offered.
  inclusion_officer: ['caseload:view', 'child:view', 'child:history', 'education:record', 'la:monitor', ...COMMUNICATES, 'task:work', 'base:view', 'base:manage', 'base:visit'],
  // Finance follows what commissioned places cost and how many are filled.
  finance_officer: ['caseload:view', 'child:view', 'reports:view', 'base:view', 'funding:view', 'funding:report'],
  // Aggregates only: an FOI analyst must never need a child's name to answer a question.
  insight_analyst: ['reports:view', 'funding:report'],
  // Administration is kept apart from casework: an admin manages accounts, not children.
  la_admin: ['admin:manage', 'review:targeting'],
  // A school records part-time timetables for its own pupils, runs the reviews it is asked to hold,
  // and sees the resource bases it hosts.
  school_senco: [...DELIVERS_PROVISION, 'education:record', 'base:view', 'review:call', 'review:manage'],
  professional: DELIVERS_PROVISION,
  // Only parents answer a base's survey: it asks about their child.
  parent: [...FAMILY, 'base:survey'],
  young_person: FAMILY,
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Every role that holds a permission, in the order roles are listed. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => hasPermission(role, permission));
}

/** What the pages behind each permission are for, in words for someone who has just been refused one. */
export const PERMISSION_PURPOSES: Record<Permission, string> = {
  'caseload:view': 'This page lists the children you work with.',
  'child:view': 'This page is part of a child’s record.',
  'child:history': 'This page shows who has looked at or changed a child’s record.',
  'reports:view': 'This page shows figures for the whole local authority, without naming any child.',
  'funding:report': 'This page shows what the local authority spends on placements and provision, in totals and averages, without naming any child.',
  'admin:manage': 'This page is for managing the local authority’s users and settings.',
  'provision:record': 'This page is for recording the support a child was given or missed.',
  'concern:raise': 'This page is for saying that the support in a child’s plan is not happening.',
  'concern:manage': 'This page is for the local authority’s staff who follow up concerns that support is not happening.',
  'education:record': 'This page is for recording the education a child is offered.',
  'la:monitor': 'This page lists children across the local authority who are missing support or full-time education.',
  'message:send': 'This page is for messages about a child.',
  'message:reassign': 'This page is for passing a conversation to another officer.',
  'timeline:log': 'This page is for noting a call, letter, meeting or note on a child’s record.',
  'family:assist': 'This page is for sending a message for a family member who cannot use the service.',
  'document:upload': 'This page is for adding documents to a child’s record.',
  'task:work': 'This page lists the work waiting for you.',
  'team:oversee': 'This page is for managers: their team’s work and how quickly families get replies.',
  'family:access-log': 'This page shows a family who has looked at their child’s record.',
  'plan:amend': 'This page is for amending a child’s EHC plan.',
  'provision:name': 'This page is for giving the support in a child’s plan the short name their family reads.',
  'base:view': 'This page shows the local authority’s resource bases and SEN units: places, monitoring visits and what parents say.',
  'base:manage': 'This page is for adding a resource base or SEN unit, or changing its details.',
  'base:visit': 'This page is for recording a monitoring visit to a resource base or SEN unit.',
  'base:survey': 'This page is for parents of children in a resource base or SEN unit to say what they think of it.',
  'review:call': 'This page is for asking for an early review of a child’s EHC plan.',
  'review:targeting': 'This page is for setting how the local authority chooses which reviews its officers and educational psychologists attend.',
  'review:manage': 'This page is for the people who run reviews of EHC plans: arranging the meeting, inviting people, recording it and sending the report.',
  'review:decide': 'This page is for the local authority’s decision after a review: keep, change or stop the plan.',
  'review:contribute': 'This page is for adding views or advice to a review of a child’s plan.',
  'funding:view': 'This page shows what the local authority pays for a child’s placement and provision, at its own rates.',
};

/**
 * Who may record delivery against an item: LA caseworkers and managers for any item (on behalf
 * of whoever delivered it), a school for what the school provides, a professional for what their
 * organisation provides. The child must also be in the person's scope.
 */
export function mayRecordAgainst(principal: { role: Role; organisationId: string | null }, item: { providerKind: string; organisationId: string | null }): boolean {
  if (!hasPermission(principal.role, 'provision:record')) return false;
  switch (principal.role) {
    case 'school_senco':
      return item.providerKind === 'school';
    case 'professional':
      return principal.organisationId !== null && item.organisationId === principal.organisationId;
    default:
      return true;
  }
}
