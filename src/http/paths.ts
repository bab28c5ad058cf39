/**
 * Every page and endpoint of OpenEHCP, built from its pattern. Routes register `.pattern`; links,
 * redirects, templates (the `paths` global) and tests call the builder, so a renamed route breaks
 * the build, never a link.
 */

type ParamName<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamName<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;

/** The path parameters a pattern names: `/children/:childId` → `{ childId: string }`. */
export type PathParams<P extends string> = { [Name in ParamName<P>]: string };

/** Query values; undefined, null, false and '' are left out, so an unset filter adds nothing. */
type QueryValues = Record<string, string | number | boolean | null | undefined>;

export interface PathBuilder<P extends string = string> {
  readonly pattern: P;
  (...args: [ParamName<P>] extends [never] ? [query?: QueryValues] : [params: PathParams<P>, query?: QueryValues]): string;
}

function queryString(query: QueryValues | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === false || value === '') continue;
    search.set(key, value === true ? 'yes' : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function pathTo<const P extends string>(pattern: P): PathBuilder<P> {
  const named = pattern.includes(':');
  const build = (...args: unknown[]): string => {
    const params = (named ? args[0] : {}) as Record<string, unknown>;
    const query = (named ? args[1] : args[0]) as QueryValues | undefined;
    const path = pattern.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
      const value = params[name];
      if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`${pattern} needs ${name}`);
      return encodeURIComponent(String(value));
    });
    return path + queryString(query);
  };
  return Object.assign(build, { pattern });
}

export const paths = {
  home: pathTo('/'),
  accessibility: pathTo('/accessibility'),
  health: pathTo('/health'),
  signIn: pathTo('/sign-in'),
  signOut: pathTo('/sign-out'),

  caseload: pathTo('/children'),
  child: {
    overview: pathTo('/children/:childId'),
    plan: pathTo('/children/:childId/plan'),
    provision: pathTo('/children/:childId/provision'),
    reviews: pathTo('/children/:childId/reviews'),
    funding: pathTo('/children/:childId/funding'),
    inclusion: pathTo('/children/:childId/inclusion'),
    history: pathTo('/children/:childId/history'),
    timeline: pathTo('/children/:childId/timeline'),
    newTimelineEntry: pathTo('/children/:childId/timeline/new'),
    people: pathTo('/children/:childId/people'),
    newPerson: pathTo('/children/:childId/people/new'),
    accessLog: pathTo('/children/:childId/access-log'),
    recordEducation: pathTo('/children/:childId/education/record'),
    newTask: pathTo('/children/:childId/tasks/new'),
  },
  provision: {
    record: pathTo('/children/:childId/provision/record'),
    item: pathTo('/children/:childId/provision/:itemId'),
    itemRecords: pathTo('/children/:childId/provision/:itemId/records'),
    itemName: pathTo('/children/:childId/provision/:itemId/name'),
    correctRecord: pathTo('/children/:childId/provision/records/:recordId/correct'),
    week: pathTo('/provision/week'),
    import: pathTo('/provision/import'),
    importTemplate: pathTo('/provision/import/template.csv'),
    myImportTemplate: pathTo('/provision/import/my-template.csv'),
  },
  planEditor: {
    start: pathTo('/children/:childId/plan/amend'),
    draft: pathTo('/children/:childId/plan/drafts/:versionId'),
    section: pathTo('/children/:childId/plan/drafts/:versionId/sections/:section'),
    needs: pathTo('/children/:childId/plan/drafts/:versionId/needs'),
    outcomes: pathTo('/children/:childId/plan/drafts/:versionId/outcomes'),
    provision: pathTo('/children/:childId/plan/drafts/:versionId/provision/:section'),
    newLine: pathTo('/children/:childId/plan/drafts/:versionId/provision/:section/new'),
    line: pathTo('/children/:childId/plan/drafts/:versionId/lines/:lineId'),
    moveLine: pathTo('/children/:childId/plan/drafts/:versionId/lines/:lineId/move'),
    removeLine: pathTo('/children/:childId/plan/drafts/:versionId/lines/:lineId/remove'),
    propose: pathTo('/children/:childId/plan/drafts/:versionId/propose'),
    issue: pathTo('/children/:childId/plan/drafts/:versionId/issue'),
    proposal: pathTo('/children/:childId/plan/proposed/:versionId'),
    comment: pathTo('/children/:childId/plan/proposed/:versionId/comment'),
  },
  concerns: {
    list: pathTo('/concerns'),
    raise: pathTo('/children/:childId/concerns/new'),
    concern: pathTo('/children/:childId/concerns/:concernId'),
    steps: pathTo('/children/:childId/concerns/:concernId/steps'),
  },
  interimReviews: {
    call: pathTo('/children/:childId/interim-reviews/new'),
    review: pathTo('/children/:childId/interim-reviews/:reviewId'),
  },
  reviewAttendance: {
    plan: pathTo('/reviews/attendance'),
    assignments: pathTo('/reviews/attendance/assignments'),
    settings: pathTo('/reviews/targeting'),
  },
  reviews: {
    calendar: pathTo('/reviews'),
    setting: pathTo('/settings/:settingId/reviews'),
    new: pathTo('/children/:childId/reviews/new'),
    review: pathTo('/children/:childId/reviews/:reviewId'),
    schedule: pathTo('/children/:childId/reviews/:reviewId/meeting'),
    invitations: pathTo('/children/:childId/reviews/:reviewId/invitations'),
    papers: pathTo('/children/:childId/reviews/:reviewId/papers'),
    contribute: pathTo('/children/:childId/reviews/:reviewId/contributions/new'),
    record: pathTo('/children/:childId/reviews/:reviewId/record'),
    report: pathTo('/children/:childId/reviews/:reviewId/report'),
    sendReport: pathTo('/children/:childId/reviews/:reviewId/report/send'),
    decision: pathTo('/children/:childId/reviews/:reviewId/decision'),
  },
  documents: {
    list: pathTo('/children/:childId/documents'),
    document: pathTo('/children/:childId/documents/:documentId'),
    versions: pathTo('/children/:childId/documents/:documentId/versions'),
    download: pathTo('/documents/:documentId/versions/:version/download'),
  },
  messages: {
    list: pathTo('/children/:childId/messages'),
    new: pathTo('/children/:childId/messages/new'),
    thread: pathTo('/children/:childId/messages/:threadId'),
    owner: pathTo('/children/:childId/messages/:threadId/owner'),
  },
  tasks: {
    tray: pathTo('/tasks'),
    team: pathTo('/tasks/team'),
    complete: pathTo('/tasks/:taskId/complete'),
    reassign: pathTo('/tasks/:taskId/reassign'),
  },
  monitoring: {
    delivery: pathTo('/delivery'),
    notFullTime: pathTo('/education/not-full-time'),
    communication: pathTo('/communication'),
    reports: pathTo('/reports'),
    reviewReports: pathTo('/reports/reviews'),
    provisionCosts: pathTo('/reports/provision-costs'),
    fundingReport: pathTo('/reports/funding'),
  },
  resourceBases: {
    list: pathTo('/resource-bases'),
    new: pathTo('/resource-bases/new'),
    base: pathTo('/resource-bases/:baseId'),
    edit: pathTo('/resource-bases/:baseId/edit'),
    newVisit: pathTo('/resource-bases/:baseId/visits/new'),
    visit: pathTo('/resource-bases/:baseId/visits/:visitId'),
    survey: pathTo('/resource-bases/:baseId/survey'),
    results: pathTo('/resource-bases/:baseId/survey/results'),
  },
  notifications: {
    list: pathTo('/notifications'),
    preferences: pathTo('/notifications/preferences'),
    notification: pathTo('/notifications/:id'),
  },
  admin: {
    users: pathTo('/admin/users'),
    termDates: pathTo('/admin/term-dates'),
    newTerm: pathTo('/admin/term-dates/terms/new'),
    term: pathTo('/admin/term-dates/terms/:start'),
    removeTerm: pathTo('/admin/term-dates/terms/:start/remove'),
    newClosure: pathTo('/admin/term-dates/closures/new'),
    closure: pathTo('/admin/term-dates/closures/:date'),
    removeClosure: pathTo('/admin/term-dates/closures/:date/remove'),
    thresholds: pathTo('/admin/thresholds'),
    apiKeys: pathTo('/admin/api-keys'),
    newApiKey: pathTo('/admin/api-keys/new'),
    revokeApiKey: pathTo('/admin/api-keys/:keyId/revoke'),
    outbox: pathTo('/admin/outbox'),
  },
  api: {
    openapi: pathTo('/api/v1/openapi.json'),
    children: pathTo('/api/v1/children'),
    child: pathTo('/api/v1/children/:childId'),
    childProvision: pathTo('/api/v1/children/:childId/provision'),
    provisionItems: pathTo('/api/v1/provision-items'),
    deliveries: pathTo('/api/v1/deliveries'),
  },
} as const;
