import type { Principal } from '../../auth/child-scope.js';
import { ethnicityInWords, familyLedgerSentence, itemName, itemTitle, timeAndSessionsInWords } from '../../domain/plain-words.js';
import { cell, link, tag, type Part, type TagColour } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import { selectedFiltersView } from '../../http/filters.js';
import { pageLink, paginationView, shownText } from '../../http/pagination.js';
import { isFamilyRole, isLaStaff } from '../../auth/roles.js';
import { ageOn, formatDate, formatPence, formatShortDate } from '../../domain/formatting.js';
import { PLAN_SECTIONS, PLAN_VERSION_KINDS, PROVIDER_KINDS, PROVISION_SECTIONS, SEN_TYPES, type PlanSection } from '../../domain/plans.js';
import { describeQuantity } from '../../domain/provision.js';
import { vagueWordingFlags, type ProvisionWording } from '../../domain/vague-wording.js';
import type { Owed, OwedSoFar } from '../../domain/schedule.js';
import { deliveryRate } from '../../domain/delivery.js';
import type { ItemLedger } from '../provision/service.js';
import { REVIEW_STATUS_TAGS, reviewStatus } from '../../domain/reviews.js';
import { SEN_SETTING_CODES, SETTING_TYPES } from '../../domain/settings.js';
import type { CaseloadRow, ChildSummary, PlanContent } from './repository.js';
import { CASELOAD_SORTS, CHILD_TABS, PLACEMENT_GROUPS, REVIEW_FILTERS, type CaseloadQuery, type ChildTab } from './schemas.js';

function label(labels: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (!code) return '';
  return labels[code] ?? code;
}

function needLabel(code: string | null | undefined): string {
  return label(SEN_TYPES, code);
}

export function placementLabel(placement: { settingName: string | null; senSettingCode: string | null }): string {
  if (placement.settingName) return placement.settingName;
  if (placement.senSettingCode) return label(SEN_SETTING_CODES, placement.senSettingCode);
  return 'No placement recorded';
}

export function settingTypeLabel(settingType: string | null | undefined): string {
  if (!settingType) return '';
  return settingType in SETTING_TYPES ? SETTING_TYPES[settingType as keyof typeof SETTING_TYPES].label : settingType;
}

function fullName(person: { forename: string; surname: string }): string {
  return `${person.forename} ${person.surname}`;
}

/** The review's status as a tag after its date, unless it is simply scheduled. */
function reviewTagParts(deadline: string | null, today: string): Part[] {
  const status = REVIEW_STATUS_TAGS[reviewStatus(deadline, today)];
  return status && status.text !== 'Scheduled' ? [{ text: ' ' }, tag(status.text, status.classes.replace('govuk-tag--', '') as TagColour)] : [];
}

function selectItems(choices: Record<string, string>, selected: string | undefined, anyText: string) {
  return [{ value: '', text: anyText }, ...Object.entries(choices).map(([value, text]) => ({ value, text, selected: value === selected }))];
}

export function caseloadView(params: { rows: CaseloadRow[]; total: number; query: CaseloadQuery; today: string; pageSize: number; showMineFilter: boolean }) {
  const { rows, total, query, today, pageSize } = params;
  const filterParams = { q: query.q, need: query.need, placement: query.placement, review: query.review, mine: query.mine };
  const sort = { sort: query.sort === 'name' ? undefined : query.sort };
  const linkTo = pageLink(paths.caseload(), { ...filterParams, ...sort });
  return {
    selectedFilters: selectedFiltersView(
      paths.caseload(),
      filterParams,
      [
        { heading: 'Name or UPN', param: 'q', text: query.q ? `“${query.q}”` : undefined },
        { heading: 'Primary need', param: 'need', text: query.need ? label(SEN_TYPES, query.need) : undefined },
        { heading: 'Placement', param: 'placement', text: query.placement ? label(PLACEMENT_GROUPS, query.placement) : undefined },
        { heading: 'Annual review', param: 'review', text: query.review ? label(REVIEW_FILTERS, query.review) : undefined },
        { heading: 'Caseworker', param: 'mine', text: query.mine && params.showMineFilter ? 'Only my caseload' : undefined },
      ],
      sort,
    ),
    filters: {
      q: query.q,
      mine: query.mine,
      showMineFilter: params.showMineFilter,
      needItems: selectItems(SEN_TYPES, query.need, 'Any need'),
      placementItems: selectItems(PLACEMENT_GROUPS, query.placement, 'Any placement'),
      reviewItems: selectItems(REVIEW_FILTERS, query.review, 'Any review status'),
      sortItems: Object.entries(CASELOAD_SORTS).map(([value, text]) => ({ value, text, selected: value === query.sort })),
    },
    summaryText: total === 0 ? 'No children match' : shownText(query.page, total, pageSize, 'children'),
    tableRows: rows.map((row) => [
      cell(link(paths.child.overview({ childId: row.id }), fullName(row))),
      // Short dates that never wrap keep each child on one line.
      { text: `${formatShortDate(row.dateOfBirth)} (${String(ageOn(row.dateOfBirth, today))})`, classes: 'app-nowrap' },
      { text: needLabel(row.primaryNeed) || 'Not recorded' },
      { text: placementLabel(row) },
      row.nextReviewDue ? cell({ nowrap: formatShortDate(row.nextReviewDue) }, ...reviewTagParts(row.nextReviewDue, today)) : { text: 'No plan in force' },
      { text: row.caseworkerName ?? 'Unassigned' },
    ]),
    pagination: paginationView(query.page, total, pageSize, linkTo),
  };
}

/** Whether the person sees contact details, ethnicity and family members: LA staff and the family only. */
export function seesPersonalDetails(principal: Principal): boolean {
  return isLaStaff(principal.role) || isFamilyRole(principal.role);
}

/** Where each tab of the record opens. */
const CHILD_TAB_PATHS: Record<ChildTab, (params: { childId: string }) => string> = {
  overview: paths.child.overview,
  plan: paths.child.plan,
  provision: paths.child.provision,
  reviews: paths.child.reviews,
  timeline: paths.child.timeline,
  messages: paths.messages.list,
  documents: paths.documents.list,
  people: paths.child.people,
  funding: paths.child.funding,
  inclusion: paths.child.inclusion,
  history: paths.child.history,
  'access-log': paths.child.accessLog,
};

/**
 * The record's tabs: each opens a page, or a group of pages that then shows its own sub-navigation,
 * so every role's set fits one row. The group links to the first of its pages the reader may open.
 */
const CHILD_TAB_GROUPS: readonly { label: string; tabs: readonly ChildTab[] }[] = [
  { label: CHILD_TABS.overview, tabs: ['overview'] },
  { label: CHILD_TABS.plan, tabs: ['plan'] },
  { label: CHILD_TABS.provision, tabs: ['provision'] },
  { label: CHILD_TABS.reviews, tabs: ['reviews'] },
  { label: 'Communication', tabs: ['timeline', 'messages', 'people', 'access-log'] },
  { label: CHILD_TABS.documents, tabs: ['documents'] },
  { label: CHILD_TABS.funding, tabs: ['funding'] },
  { label: CHILD_TABS.inclusion, tabs: ['inclusion'] },
  { label: CHILD_TABS.history, tabs: ['history'] },
];

/**
 * The identity bar and tabs of a child's record. `mayOpen` is the route table's answer for this
 * reader (plugins/access.ts), so a tab is shown only when its page would open; `today` (the app's
 * clock) gives the child's age.
 */
export function childHeaderView(summary: ChildSummary, activeTab: ChildTab, mayOpen: (path: string) => boolean, today: string) {
  const { child } = summary;
  const path = (tab: ChildTab) => CHILD_TAB_PATHS[tab]({ childId: child.id });
  const groups = CHILD_TAB_GROUPS.map((group) => ({ label: group.label, tabs: group.tabs.filter((tab) => mayOpen(path(tab))) })).filter((group) => group.tabs.length > 0);
  const activeGroup = groups.find((group) => group.tabs.includes(activeTab));
  const meta = [
    `Born ${formatDate(child.dateOfBirth)} (age ${String(ageOn(child.dateOfBirth, today))})`,
    summary.primaryNeed ? `Primary need: ${needLabel(summary.primaryNeed)}` : null,
    summary.setting || summary.placement ? placementLabel({ settingName: summary.setting?.name ?? null, senSettingCode: summary.placement?.senSettingCode ?? null }) : null,
  ].filter((item): item is string => item !== null);
  return {
    name: fullName(child),
    childId: child.id,
    // The identity bar's heading and the line under it (child-layout.njk).
    meta: meta.join(' · '),
    subNavigation: {
      label: 'Child record',
      classes: 'app-child-tabs',
      items: groups.map((group) => ({ text: group.label, href: path(group.tabs[0] ?? 'overview'), active: group === activeGroup })),
    },
    // The pages of the open group, when it has more than one: Timeline, Messages, People involved.
    groupNavigation:
      activeGroup && activeGroup.tabs.length > 1
        ? {
            label: activeGroup.label,
            classes: 'app-child-tabs__group',
            items: activeGroup.tabs.map((tab) => ({ text: CHILD_TABS[tab], href: path(tab), active: tab === activeTab })),
          }
        : undefined,
    activeTabLabel: CHILD_TABS[activeTab],
  };
}

export function personDetailsRows(summary: ChildSummary, principal: Principal, today: string) {
  const { child } = summary;
  const rows: { key: { text: string }; value: { text: string } }[] = [
    { key: { text: 'Name' }, value: { text: fullName(child) } },
    { key: { text: 'Date of birth' }, value: { text: `${formatDate(child.dateOfBirth)} (age ${String(ageOn(child.dateOfBirth, today))})` } },
    { key: { text: 'Sex' }, value: { text: child.sex === 'F' ? 'Female' : 'Male' } },
  ];
  if (seesPersonalDetails(principal)) {
    rows.push({ key: { text: 'Ethnicity' }, value: { text: ethnicityInWords(child.ethnicity) } });
    rows.push({ key: { text: 'Postcode' }, value: { text: child.postcode ?? 'Not recorded' } });
  }
  rows.push({
    key: { text: child.uln ? 'Unique learner number' : 'Unique pupil number' },
    value: { text: child.uln ?? child.upn ?? `None (${child.upnUnknownReason ?? 'reason not recorded'})` },
  });
  rows.push({ key: { text: 'Caseworker' }, value: { text: summary.caseworkerName ?? 'Unassigned' } });
  return rows;
}

export function planSummaryRows(summary: ChildSummary, today: string) {
  const plan = summary.plan;
  if (!plan) return [{ key: { text: 'EHC plan' }, value: { text: 'No plan in force' } }];
  return [
    { key: { text: 'EHC plan' }, value: { text: plan.status === 'active' ? 'In force' : 'Ceased' } },
    { key: { text: 'First issued' }, value: { text: formatDate(plan.firstIssuedDate) || 'Not issued yet' } },
    { key: { text: 'Last reviewed' }, value: { text: formatDate(plan.lastReviewDate) || 'Not reviewed yet' } },
    {
      key: { text: 'Next review due by' },
      value: plan.nextReviewDue ? cell({ text: formatDate(plan.nextReviewDue) }, ...reviewTagParts(plan.nextReviewDue, today)) : { text: 'Not set' },
    },
    { key: { text: 'Primary need' }, value: { text: needLabel(summary.primaryNeed) || 'Not recorded' } },
    {
      key: { text: 'Placement' },
      value: {
        text: placementLabel({ settingName: summary.setting?.name ?? null, senSettingCode: summary.placement?.senSettingCode ?? null }),
      },
    },
  ];
}

export function planContentView(content: PlanContent) {
  const sectionText = (section: PlanSection) => content.sections.find((row) => row.section === section)?.content ?? '';
  const outcomeNumbers = new Map(content.outcomes.map((outcome, index) => [outcome.id, index + 1]));
  const provisionFor = (section: PlanSection) =>
    content.provision
      .filter((item) => item.section === section)
      .map((item) => {
        const servedOutcomes = content.links
          .filter((link) => link.provisionItemId === item.id)
          .map((link) => outcomeNumbers.get(link.outcomeId))
          .filter((number): number is number => number !== undefined)
          .sort((a, b) => a - b);
        return [
          cell({ text: item.description }, ...vagueWordingParts(item)),
          { text: describeQuantity(item) + (item.termTimeOnly ? ', term time' : ', all year') },
          { text: item.organisationName ?? label(PROVIDER_KINDS, item.providerKind) },
          { text: servedOutcomes.length ? servedOutcomes.map((number) => `E${String(number)}`).join(', ') : 'None linked' },
        ];
      });
  return {
    sections: (Object.keys(PLAN_SECTIONS) as PlanSection[]).map((section) => ({
      code: section,
      title: PLAN_SECTIONS[section],
      text: sectionText(section),
      provisionRows: (PROVISION_SECTIONS as readonly PlanSection[]).includes(section) ? provisionFor(section) : undefined,
    })),
    needs: content.needs.map((need) => ({ rank: need.rank, label: needLabel(need.senType), description: need.description })),
    outcomes: content.outcomes.map((outcome, index) => ({
      number: `E${String(index + 1)}`,
      area: outcome.area,
      description: outcome.description,
      targetDate: formatDate(outcome.targetDate),
    })),
  };
}

export function planVersionLabel(version: { versionNumber: number; kind: string; issuedDate: string | null; status: string }): string {
  const kind = label(PLAN_VERSION_KINDS, version.kind);
  const when = version.issuedDate ? `issued ${formatDate(version.issuedDate)}` : 'not issued';
  const state = version.status === 'superseded' ? ' (superseded)' : version.status === 'issued' ? ' (in force)' : '';
  return `Version ${String(version.versionNumber)}: ${kind}, ${when}${state}`;
}

interface LedgerRowInput {
  item: PlanContent['provision'][number];
  owed: OwedSoFar | null;
  thisTerm: ItemLedger | null;
  thisYear: ItemLedger | null;
}

function sessionsText(count: number): string {
  return `${count.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${count === 1 ? 'session' : 'sessions'}`;
}

function rateText(delivered: ItemLedger | null, owed: Owed | null | undefined): string {
  const rate = deliveryRate(delivered?.deliveredMinutes ?? 0, owed?.minutes ?? null);
  return rate === null ? 'Nothing owed' : `${String(rate)}%`;
}

function missedText(ledger: ItemLedger | null): string {
  if (!ledger || ledger.missedSessions === 0) return 'None';
  const reasons = ledger.missedByReason.map((row) => `${row.reason}: ${String(row.sessions)}`).join('; ');
  return `${sessionsText(ledger.missedSessions)} (${reasons})`;
}

/**
 * The ledger: each item of the plan in force with what it has owed this term, what was
 * delivered and missed, and the delivery rate this term and this school year.
 */
/**
 * The vague-wording flags of a provision item, as yellow tags with their reasons, so the people
 * reading a plan see why a commitment cannot be enforced as written.
 */
function vagueWordingParts(item: ProvisionWording): Part[] {
  const flags = vagueWordingFlags(item);
  if (flags.length === 0) return [];
  return [
    {
      list: {
        classes: 'app-vague-wording',
        items: flags.map((flag) => [tag(flag.kind === 'wording' ? `Vague: “${flag.phrase}”` : flag.phrase, 'yellow'), { small: flag.reason.charAt(0).toUpperCase() + flag.reason.slice(1) }]),
      },
    },
  ];
}

/** The links under an item on the Provision tab: its ledger and records, and its short name's form for those who may use it. */
function itemLinkParts(childId: string, item: { id: string; description: string }, mayOpen: (path: string) => boolean): Part[] {
  const params = { childId, itemId: item.id };
  const of = `of ${item.description}`;
  const links = [link(paths.provision.item(params), 'Ledger', of), link(paths.provision.itemRecords(params), 'Records', of)];
  const naming = paths.provision.itemName(params);
  if (mayOpen(naming)) links.push(link(naming, 'Change short name', of));
  return links.flatMap((part, index) => (index === 0 ? [part] : [{ text: ' · ' }, part]));
}

export function provisionRows(items: LedgerRowInput[], childId?: string, mayOpen: (path: string) => boolean = () => false) {
  return items.map(({ item, owed, thisTerm, thisYear }) => [
    cell({
      lines: [
        [
          { text: itemTitle(item) },
          { small: `In the plan: ${item.description}` },
          { small: `${describeQuantity(item)}${item.termTimeOnly ? ', term time' : ', all year'} · ${item.organisationName ?? label(PROVIDER_KINDS, item.providerKind)}` },
          ...vagueWordingParts(item),
        ],
        ...(childId ? [itemLinkParts(childId, item, mayOpen)] : []),
      ],
    }),
    { text: owed ? (owed.thisTerm ? upperFirst(timeAndSessionsInWords(owed.thisTerm.minutes, owed.thisTerm.sessions)) : 'Not term time') : 'Not quantified' },
    { text: thisTerm ? upperFirst(timeAndSessionsInWords(thisTerm.deliveredMinutes, thisTerm.deliveredSessions)) : 'None recorded' },
    { text: missedText(thisTerm) },
    { text: rateText(thisTerm, owed?.thisTerm), format: 'numeric' },
    { text: rateText(thisYear, owed?.thisSchoolYear), format: 'numeric' },
  ]);
}

/** The same ledger in plain words, for families: "Speech and language therapy: 18 of 24 sessions this term; 6 missed (Staff vacancy: 6)." */
export function provisionSentences(items: LedgerRowInput[]): string[] {
  return items.map(({ item, owed, thisTerm }) =>
    familyLedgerSentence({
      name: itemName(item),
      owedMinutes: owed ? (owed.thisTerm ? owed.thisTerm.minutes : 0) : null,
      deliveredMinutes: thisTerm?.deliveredMinutes ?? 0,
      missedSessions: thisTerm?.missedSessions ?? 0,
      missedByReason: thisTerm?.missedByReason ?? [],
    }),
  );
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function costText(pence: number | null): string {
  return pence === null ? 'Not recorded' : formatPence(pence);
}

interface PlacementRow {
  startDate: string;
  endDate: string | null;
  settingName: string | null;
  settingType: string | null;
  senSettingCode: string | null;
  annualCostPence: number | null;
}

/** The current placement and costed provision, with what the LA pays a year for each. */
export function fundingView(placements: PlacementRow[], provision: PlanContent['provision']) {
  const current = placements.filter((row) => row.endDate === null);
  const placementTotal = current.reduce((sum, row) => sum + (row.annualCostPence ?? 0), 0);
  const costed = provision.filter((item) => item.annualCostPence !== null);
  const provisionTotal = costed.reduce((sum, item) => sum + (item.annualCostPence ?? 0), 0);
  return {
    placementRows: current.map((row) => [
      { text: placementLabel(row) },
      { text: settingTypeLabel(row.settingType) || 'Other arrangement' },
      { text: costText(row.annualCostPence), format: 'numeric' },
    ]),
    // Named as families read it, with the plan's own wording beneath for anyone checking the cost against the plan.
    provisionRows: costed.map((item) => [
      cell({ text: itemName(item) }, { hint: `In the plan: ${item.description}` }),
      { text: item.organisationName ?? label(PROVIDER_KINDS, item.providerKind) },
      { text: costText(item.annualCostPence), format: 'numeric' },
    ]),
    placementTotal: costText(placementTotal),
    provisionTotal: costText(provisionTotal),
    total: costText(placementTotal + provisionTotal),
  };
}
