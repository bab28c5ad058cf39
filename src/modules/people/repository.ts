import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, child, childContact, ehcPlan, familyLink, organisation, placement, professionalAssignment, provisionItem, setting } from '../../db/schema/index.js';
import type { Audience } from '../../domain/audience.js';

/**
 * Everyone and every organisation involved with a child, from their links: family, the caseworker,
 * the setting and its SENCOs, professionals assigned and providers named in the plan in force.
 * Contacts added by hand come a page at a time from findContactsPage. The caller has opened the record.
 */
export async function findPeopleInvolved(db: Database, params: { laId: string; childId: string; today: string }) {
  const { laId, childId } = params;
  const [family, caseworker, settings, professionals, providers] = await Promise.all([
    db
      .select({ name: familyLink.name, relationship: familyLink.relationship, hasParentalResponsibility: familyLink.hasParentalResponsibility, email: appUser.email })
      .from(familyLink)
      .leftJoin(appUser, eq(appUser.id, familyLink.userId))
      .where(and(eq(familyLink.laId, laId), eq(familyLink.childId, childId)))
      .orderBy(asc(familyLink.name)),
    db
      .select({ name: appUser.displayName, jobTitle: appUser.jobTitle, role: appUser.role, email: appUser.email })
      .from(child)
      .innerJoin(appUser, eq(appUser.id, child.caseworkerId))
      .where(and(eq(child.laId, laId), eq(child.id, childId))),
    db
      .select({ id: setting.id, name: setting.name, settingType: setting.settingType })
      .from(placement)
      .innerJoin(setting, eq(setting.id, placement.settingId))
      .where(and(eq(placement.laId, laId), eq(placement.childId, childId), isNull(placement.endDate)))
      .orderBy(asc(placement.rank)),
    db
      .select({ name: appUser.displayName, jobTitle: appUser.jobTitle, email: appUser.email, involvement: professionalAssignment.involvement, organisationName: organisation.name })
      .from(professionalAssignment)
      .innerJoin(appUser, eq(appUser.id, professionalAssignment.userId))
      .leftJoin(organisation, eq(organisation.id, appUser.organisationId))
      .where(
        and(
          eq(professionalAssignment.laId, laId),
          eq(professionalAssignment.childId, childId),
          sql`(${professionalAssignment.endDate} is null or ${professionalAssignment.endDate} >= ${params.today}::date)`,
        ),
      )
      .orderBy(asc(appUser.displayName)),
    db
      .selectDistinct({ name: organisation.name, kind: organisation.kind })
      .from(ehcPlan)
      .innerJoin(provisionItem, eq(provisionItem.planVersionId, ehcPlan.currentVersionId))
      .innerJoin(organisation, eq(organisation.id, provisionItem.organisationId))
      .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId)))
      .orderBy(asc(organisation.name)),
  ]);
  const sencos =
    settings.length === 0
      ? []
      : await db
          .select({ name: appUser.displayName, jobTitle: appUser.jobTitle, email: appUser.email, settingId: appUser.settingId })
          .from(appUser)
          .where(
            and(
              eq(appUser.laId, laId),
              eq(appUser.role, 'school_senco'),
              eq(appUser.disabled, false),
              inArray(
                appUser.settingId,
                settings.map((row) => row.id),
              ),
            ),
          )
          .orderBy(asc(appUser.displayName));
  return { family, caseworker: caseworker[0] ?? null, settings, sencos, professionals, providers };
}

/**
 * A page of the contacts added by hand to a child's record that this reader's audiences allow, by
 * name (the id breaks ties), and how many there are: the one list on the tab nothing bounds.
 */
export async function findContactsPage(db: Database, params: { laId: string; childId: string; audiences: Audience[]; window: { limit: number; offset: number } }) {
  const visible = and(eq(childContact.laId, params.laId), eq(childContact.childId, params.childId), inArray(childContact.audience, params.audiences));
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: childContact.id,
        name: childContact.name,
        organisationName: childContact.organisationName,
        role: childContact.role,
        email: childContact.email,
        phone: childContact.phone,
        audience: childContact.audience,
      })
      .from(childContact)
      .where(visible)
      .orderBy(asc(childContact.name), asc(childContact.id))
      .limit(params.window.limit)
      .offset(params.window.offset),
    db.select({ total: count() }).from(childContact).where(visible),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export type PeopleInvolved = Awaited<ReturnType<typeof findPeopleInvolved>> & { contacts: Awaited<ReturnType<typeof findContactsPage>>['rows'] };

export async function insertContact(db: Database, row: typeof childContact.$inferInsert): Promise<string> {
  const [inserted] = await db.insert(childContact).values(row).returning({ id: childContact.id });
  if (!inserted) throw new Error('The contact was not stored');
  return inserted.id;
}
