import { child, familyLink, placement, professionalAssignment } from '../../src/db/schema/index.js';
import { addDays, addMonths } from '../../src/domain/dates.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import { idOf, nextNumber, type Ref, type TestLa } from './core.js';
import { aUser, type TestUser, type UserOptions } from './people.js';

type ChildRow = typeof child.$inferInsert;
type PlacementRow = typeof placement.$inferInsert;
type FamilyLinkRow = typeof familyLink.$inferInsert;
type AssignmentRow = typeof professionalAssignment.$inferInsert;

const FORENAMES = ['Amara', 'Leo', 'Maya', 'Oscar', 'Isla', 'Yusuf', 'Freya', 'Kai', 'Zara', 'Finn'];
const SURNAMES = ['Okafor', 'Bennett', 'Khan', 'Novak', 'Hughes', 'Adeyemi', 'Clarke', 'Patel', 'Murphy', 'Silva'];

export interface TestChild {
  id: string;
  forename: string;
  surname: string;
  /** "Amara Okafor 12": as the record's heading and the caseload show it. */
  name: string;
  dateOfBirth: string;
}

export interface ChildOptions extends Partial<Omit<ChildRow, 'laId'>> {
  /** Age in whole years today (9 unless told: a primary-age pupil). Ignored when dateOfBirth is given. */
  age?: number;
  caseworker?: Ref;
}

/**
 * A child known to the LA, and nothing else: no placement, plan or family, so a test adds
 * exactly the links it is about. The surname carries a number, so names on a page are distinct.
 */
export async function aChild(la: TestLa, options: ChildOptions = {}): Promise<TestChild> {
  const { age = 9, caseworker, ...overrides } = options;
  const n = nextNumber();
  const forename = overrides.forename ?? FORENAMES[n % FORENAMES.length] ?? 'Sam';
  const surname = overrides.surname ?? `${SURNAMES[n % SURNAMES.length] ?? 'Smith'} ${String(n)}`;
  const dateOfBirth = overrides.dateOfBirth ?? addDays(addMonths(todayInLondon(new Date()), -12 * age), -30);
  const [row] = await la.db
    .insert(child)
    .values({
      sex: 'F',
      ethnicity: 'WBRI',
      postcode: 'DB1 1AA',
      upn: `A${String(n).padStart(12, '0')}`,
      ...(caseworker ? { caseworkerId: idOf(caseworker) } : {}),
      ...overrides,
      laId: la.laId,
      forename,
      surname,
      dateOfBirth,
    })
    .returning({ id: child.id });
  if (!row) throw new Error('The child was not created');
  return { id: row.id, forename, surname, name: `${forename} ${surname}`, dateOfBirth };
}

export interface PlacementOptions extends Partial<Omit<PlacementRow, 'laId' | 'childId' | 'settingId'>> {
  /** The school or setting; leave it out for an arrangement with no setting (give senSettingCode). */
  at?: Ref | null;
}

/** Where a child is educated: the current main placement (rank 1, started a year ago, no end) unless told. */
export async function aPlacement(la: TestLa, childRef: Ref, options: PlacementOptions = {}): Promise<{ id: string }> {
  const { at, ...overrides } = options;
  const [row] = await la.db
    .insert(placement)
    .values({ rank: 1, startDate: addDays(todayInLondon(new Date()), -365), ...overrides, laId: la.laId, childId: idOf(childRef), settingId: at ? idOf(at) : null })
    .returning({ id: placement.id });
  if (!row) throw new Error('The placement was not created');
  return row;
}

/** A child placed at a school today: the pupil its SENCO sees. */
export async function aPupil(la: TestLa, school: Ref, options: ChildOptions & { placement?: Omit<PlacementOptions, 'at'> } = {}): Promise<TestChild> {
  const { placement: placementOptions, ...childOptions } = options;
  const pupil = await aChild(la, childOptions);
  await aPlacement(la, pupil, { ...placementOptions, at: school });
  return pupil;
}

/** Links a person to a child as family: with parental responsibility (what grants access) unless told. */
export async function aFamilyLink(la: TestLa, childRef: Ref, person: TestUser | null, overrides: Partial<Omit<FamilyLinkRow, 'laId' | 'childId' | 'userId'>> = {}): Promise<{ id: string }> {
  const [row] = await la.db
    .insert(familyLink)
    .values({
      name: person?.displayName ?? 'Alex Carer',
      relationship: 'Mother',
      hasParentalResponsibility: true,
      ...overrides,
      laId: la.laId,
      childId: idOf(childRef),
      userId: person?.id ?? null,
    })
    .returning({ id: familyLink.id });
  if (!row) throw new Error('The family link was not created');
  return row;
}

/**
 * A parent who signs in, with parental responsibility for the child (their mother, unless told):
 * they see that child and no other. Give `parent` to link a parent already made to another child.
 */
export async function aParentOf(
  la: TestLa,
  childRef: Ref,
  options: { parent?: TestUser; user?: UserOptions; link?: Partial<Omit<FamilyLinkRow, 'laId' | 'childId' | 'userId'>> } = {},
): Promise<TestUser & { familyLinkId: string }> {
  const parent = options.parent ?? (await aUser(la, 'parent', options.user));
  const link = await aFamilyLink(la, childRef, parent, options.link);
  return { ...parent, familyLinkId: link.id };
}

/** A professional working with a child: from 100 days ago with no end unless told. */
export async function aProfessionalAssignment(la: TestLa, childRef: Ref, professional: Ref, overrides: Partial<Omit<AssignmentRow, 'laId' | 'childId' | 'userId'>> = {}): Promise<{ id: string }> {
  const [row] = await la.db
    .insert(professionalAssignment)
    .values({ involvement: 'Speech and language therapy', startDate: addDays(todayInLondon(new Date()), -100), ...overrides, laId: la.laId, childId: idOf(childRef), userId: idOf(professional) })
    .returning({ id: professionalAssignment.id });
  if (!row) throw new Error('The assignment was not created');
  return row;
}
