import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, child, childContact, ehcPlan, familyLink, organisation, placement, professionalAssignment, provisionItem, setting } from '../../db/schema/index.js';
import type { Audience } from '../../domain/audience.js';

/**
 * Everyone and every organisation involved with a child, from their links: family, the caseworker,
 * the setting and its SENCOs, professionals assigned, providers named in the plan in force, and
 * contacts added by hand that this reader's audiences allow. The caller has opened the record.
 */
export async function findPeopleInvolved(db: Database, params: { laId: string; childId: string; audiences: Audience[]; today: string }) {
  const { laId, childId } = params;
  const [family, caseworker, settings, professionals, providers, contacts] = await Promise.all([
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
    db
      .select({ id: childContact.id, name: childContact.name, organisationName: childContact.organisationName, role: childContact.role, email: childContact.email, phone: childContact.phone, audience: childContact.audience })
      .from(childContact)
      .where(and(eq(childContact.laId, laId), eq(childContact.childId, childId), inArray(childContact.audience, params.audiences)))
      .orderBy(asc(childContact.name)),
  ]);
  const sencos =
    settings.length === 0
      ? []
      : await db
          .select({ name: appUser.displayName, jobTitle: appUser.jobTitle, email: appUser.email, settingId: appUser.settingId })
          .from(appUser)
          .where(and(eq(appUser.laId, laId), eq(appUser.role, 'school_senco'), eq(appUser.disabled, false), inArray(appUser.settingId, settings.map((row) => row.id))))
          .orderBy(asc(appUser.displayName));
  return { family, caseworker: caseworker[0] ?? null, settings, sencos, professionals, providers, contacts };
}

export type PeopleInvolved = Awaited<ReturnType<typeof findPeopleInvolved>>;

export async function insertContact(db: Database, row: typeof childContact.$inferInsert): Promise<string> {
  const [inserted] = await db.insert(childContact).values(row).returning({ id: childContact.id });
  if (!inserted) throw new Error('The contact was not stored');
  return inserted.id;
}
