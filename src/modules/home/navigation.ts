import { hasPermission } from '../../auth/permissions.js';
import type { Role } from '../../auth/roles.js';
import { paths } from '../../http/paths.js';
import type { MayOpen } from '../../plugins/access.js';

export interface NavigationItem {
  text: string;
  href: string;
  active: boolean;
  /** Set instead of text when the item carries markup (the unread badge). */
  html?: string;
}

const CASELOAD_LABELS: Partial<Record<Role, string>> = {
  school_senco: 'Pupils',
  professional: 'Children',
  parent: 'Your children',
  young_person: 'Your record',
};

/** What the list of children is called for a role: "Caseload" for LA staff, "Your children" for a parent. */
export function caseloadTitleFor(role: Role): string {
  return CASELOAD_LABELS[role] ?? 'Caseload';
}

interface Section {
  /** The menu's word for the section when the reader may open more than one of its pages. */
  text: string;
  /** The section's pages, shown as sub-navigation; a section with one page for the reader is named by it. */
  pages: { text: string; href: string }[];
}

/**
 * The service's sections in menu order. Related pages share a section so each role's menu fits one
 * row at 1280 px; a section links to the first of its pages the reader may open.
 */
function sectionsFor(role: Role): Section[] {
  return [
    { text: caseloadTitleFor(role), pages: [{ text: caseloadTitleFor(role), href: paths.caseload() }] },
    // Work waiting, with reviews by the date they must be held (the LA's calendar, a school's own
    // pupils' reviews) beside it: one section, so a manager's menu still fits one row. Someone
    // without a tray (a school, a family) reads it as their reviews.
    {
      text: hasPermission(role, 'task:work') ? 'Tasks' : 'Reviews',
      pages: [
        { text: 'Tasks', href: paths.tasks.tray() },
        { text: 'Team tasks', href: paths.tasks.team() },
        { text: 'Reviews', href: paths.reviews.calendar() },
      ],
    },
    // How the LA is doing across its children: what managers and officers watch.
    {
      text: 'Monitoring',
      pages: [
        { text: 'Concerns', href: paths.concerns.list() },
        { text: 'Delivery', href: paths.monitoring.delivery() },
        { text: 'Not in full-time education', href: paths.monitoring.notFullTime() },
        { text: 'Communication promise', href: paths.monitoring.communication() },
        { text: 'Resource bases', href: paths.resourceBases.list() },
        { text: 'Review attendance', href: paths.reviewAttendance.plan() },
        // Beside the attendance it shapes, not under Settings: a manager's menu then fits one row.
        { text: 'Review targeting', href: paths.reviewAttendance.settings() },
        { text: 'Reports', href: paths.monitoring.reports() },
        { text: 'Provision costs', href: paths.monitoring.provisionCosts() },
        { text: 'Average funding', href: paths.monitoring.fundingReport() },
      ],
    },
    // Everyone who records provision can log a whole week in one form, or upload a file of it.
    {
      text: 'Record provision',
      pages: [
        { text: 'Record a week', href: paths.provision.week() },
        { text: 'Upload delivery', href: paths.provision.import() },
      ],
    },
    { text: 'Users', pages: [{ text: 'Users', href: paths.admin.users() }] },
    {
      text: 'Settings',
      pages: [
        { text: 'Term dates', href: paths.admin.termDates() },
        { text: 'Alarm thresholds', href: paths.admin.thresholds() },
        { text: 'API keys', href: paths.admin.apiKeys() },
        { text: 'Email outbox', href: paths.admin.outbox() },
      ],
    },
    // Everyone signed in has notifications; the link carries the unread badge (notifications/routes.ts).
    { text: 'Notifications', pages: [{ text: 'Notifications', href: paths.notifications.list() }] },
  ];
}

function isAt(currentUrl: string, href: string): boolean {
  return currentUrl === href || currentUrl.startsWith(`${href}/`) || currentUrl.startsWith(`${href}?`);
}

/** The page of a section the reader is on: the most specific match, so /tasks/team is not also /tasks. */
function currentPageOf(pages: { href: string }[], currentUrl: string): string | undefined {
  return pages
    .filter((page) => isAt(currentUrl, page.href))
    .map((page) => page.href)
    .sort((a, b) => b.length - a.length)[0];
}

export interface Navigation {
  /** The service navigation: one item per section the reader may open. */
  items: NavigationItem[];
  /** The current section's pages, when it has more than one for this reader. */
  section: { label: string; items: NavigationItem[] } | undefined;
}

/** The service navigation a role sees: only destinations the route table says it may open. */
export function navigationFor(role: Role, currentUrl: string, mayOpen: MayOpen): Navigation {
  const reader = { role };
  const sections = sectionsFor(role)
    .map((section) => ({ ...section, pages: section.pages.filter((page) => mayOpen(reader, page.href)) }))
    .filter((section) => section.pages.length > 0);
  const items: NavigationItem[] = [];
  let current: Navigation['section'];
  for (const section of sections) {
    const currentPage = currentPageOf(section.pages, currentUrl);
    const only = section.pages.length === 1 ? section.pages[0] : undefined;
    items.push({ text: only?.text ?? section.text, href: section.pages[0]?.href ?? paths.home(), active: currentPage !== undefined });
    if (currentPage !== undefined && section.pages.length > 1) {
      current = { label: section.text, items: section.pages.map((page) => ({ ...page, active: page.href === currentPage })) };
    }
  }
  return { items, section: current };
}

/**
 * Where a role lands after signing in when the menu's first item is not its daily work: an
 * administrator manages users, though review targeting (under Monitoring) comes first in the menu.
 */
const LANDING_PAGES: Partial<Record<Role, string>> = {
  la_admin: paths.admin.users(),
};

/** Where a role lands after signing in: its landing page, else the first item of its menu. */
export function homePathFor(role: Role, mayOpen: MayOpen): string {
  const landing = LANDING_PAGES[role];
  if (landing && mayOpen({ role }, landing)) return landing;
  return navigationFor(role, '', mayOpen).items[0]?.href ?? paths.accessibility();
}
