import { hasPermission } from '../../auth/permissions.js';
import type { Role } from '../../auth/roles.js';

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

/** The service navigation a role sees: only destinations it may use. */
export function navigationFor(role: Role, currentUrl: string): NavigationItem[] {
  const items: { text: string; href: string }[] = [];
  if (hasPermission(role, 'caseload:view')) items.push({ text: caseloadTitleFor(role), href: '/children' });
  // Everyone who records provision can log a whole week of it in one form.
  if (hasPermission(role, 'provision:record')) items.push({ text: 'Record a week', href: '/provision/week' });
  if (hasPermission(role, 'task:work')) items.push({ text: 'Tasks', href: '/tasks' });
  if (hasPermission(role, 'concern:manage')) items.push({ text: 'Concerns', href: '/concerns' });
  if (hasPermission(role, 'la:monitor')) items.push({ text: 'Delivery', href: '/delivery' });
  if (hasPermission(role, 'la:monitor')) items.push({ text: 'Not in full-time education', href: '/education/not-full-time' });
  if (hasPermission(role, 'team:oversee')) items.push({ text: 'Communication promise', href: '/communication' });
  if (hasPermission(role, 'reports:view')) items.push({ text: 'Reports', href: '/reports' });
  if (hasPermission(role, 'provision:record')) items.push({ text: 'Upload delivery', href: '/provision/import' });
  if (hasPermission(role, 'admin:manage')) items.push({ text: 'Users', href: '/admin/users' });
  if (hasPermission(role, 'admin:manage')) items.push({ text: 'Term dates', href: '/admin/term-dates' }, { text: 'Alarm thresholds', href: '/admin/thresholds' });
  if (hasPermission(role, 'admin:manage')) items.push({ text: 'API keys', href: '/admin/api-keys' });
  if (hasPermission(role, 'admin:manage')) items.push({ text: 'Email outbox', href: '/admin/outbox' });
  // Everyone signed in has notifications; the link carries the unread badge (notifications/routes.ts).
  items.push({ text: 'Notifications', href: '/notifications' });
  return items.map((item) => ({ ...item, active: currentUrl === item.href || currentUrl.startsWith(`${item.href}/`) || currentUrl.startsWith(`${item.href}?`) }));
}

/** Where a role lands after signing in. */
export function homePathFor(role: Role): string {
  return navigationFor(role, '')[0]?.href ?? '/accessibility';
}
