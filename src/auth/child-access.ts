import { and, eq, sql, type SQL } from 'drizzle-orm';
import { child } from '../db/schema/index.js';
import type { ChildScope } from './child-scope.js';

/**
 * The SQL condition on `child` for a scope. Lists and single-record checks both use it, so a
 * page can never show a child the same user could not open, or the reverse.
 */
export function childScopeCondition(scope: ChildScope): SQL {
  switch (scope.kind) {
    case 'none':
      return sql`false`;
    case 'whole-la':
      return eq(child.laId, scope.laId);
    case 'own-record':
      return and(eq(child.laId, scope.laId), eq(child.id, scope.childId)) ?? sql`false`;
    case 'placed-at-setting':
      return sql`${child.laId} = ${scope.laId} and exists (
        select 1 from placement p
         where p.child_id = ${child.id} and p.setting_id = ${scope.settingId}
           and p.start_date <= ${scope.today}::date and (p.end_date is null or p.end_date >= ${scope.today}::date))`;
    case 'assigned-professional':
      return sql`${child.laId} = ${scope.laId} and exists (
        select 1 from professional_assignment pa
         where pa.child_id = ${child.id} and pa.user_id = ${scope.userId}
           and pa.start_date <= ${scope.today}::date and (pa.end_date is null or pa.end_date >= ${scope.today}::date))`;
    case 'parental-responsibility':
      return sql`${child.laId} = ${scope.laId} and exists (
        select 1 from family_link fl
         where fl.child_id = ${child.id} and fl.user_id = ${scope.userId}
           and fl.has_parental_responsibility)`;
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs are opaque UUIDs; anything else cannot name a record and is simply not found. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
