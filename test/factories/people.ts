import type { Role } from '../../src/auth/roles.js';
import type { Principal } from '../../src/auth/child-scope.js';
import type { Database } from '../../src/db/client.js';
import { appUser, localAuthority, organisation, setting, team } from '../../src/db/schema/index.js';
import { declaredAudit, type Actor } from '../../src/http/actor.js';
import { FACTORY_PASSWORD, factoryPasswordHash, idOf, nextNumber, uniqueTag, type Ref, type TestLa } from './core.js';
import { aChild } from './children.js';
import { systemClock } from '../../src/clock.js';

type LaRow = typeof localAuthority.$inferInsert;
type SettingRow = typeof setting.$inferInsert;
type OrganisationRow = typeof organisation.$inferInsert;
type UserRow = typeof appUser.$inferInsert;

/** DfE LA numbers are three digits and unique; the demo LAs use 999 and 998, so counting up from 100 never meets them. */
let nextDfeCode = 100;

/** A local authority with nothing in it yet. */
export async function aLocalAuthority(db: Database, overrides: Partial<LaRow> = {}): Promise<TestLa & { name: string; dfeCode: string }> {
  const dfeCode = overrides.dfeCode ?? String(nextDfeCode++);
  const name = overrides.name ?? `Test Borough Council ${dfeCode}`;
  const [row] = await db
    .insert(localAuthority)
    .values({ region: 'South East', ...overrides, dfeCode, name })
    .returning({ id: localAuthority.id });
  if (!row) throw new Error('The local authority was not created');
  return { db, laId: row.id, name, dfeCode };
}

/** The seeded demo LA of a test app, to build particular records beside the demo's bulk. */
export function theDemoLa(t: { database: { db: Database }; demo: { laId: string } }): TestLa {
  return { db: t.database.db, laId: t.demo.laId };
}

export async function aTeam(la: TestLa, name = `SEN Team ${String(nextNumber())}`): Promise<{ id: string; name: string }> {
  const [row] = await la.db.insert(team).values({ laId: la.laId, name }).returning({ id: team.id });
  if (!row) throw new Error('The team was not created');
  return { id: row.id, name };
}

/** A provider: an NHS trust unless told otherwise. */
export async function anOrganisation(la: TestLa, overrides: Partial<OrganisationRow> = {}): Promise<{ id: string; name: string }> {
  const name = overrides.name ?? `Community Health NHS Trust ${String(nextNumber())}`;
  const [row] = await la.db
    .insert(organisation)
    .values({ kind: 'nhs_trust', ...overrides, laId: la.laId, name })
    .returning({ id: organisation.id });
  if (!row) throw new Error('The organisation was not created');
  return { id: row.id, name };
}

/** A mainstream LA-maintained primary school unless told otherwise. */
export async function aSchool(la: TestLa, overrides: Partial<SettingRow> = {}): Promise<{ id: string; name: string }> {
  const name = overrides.name ?? `Riverside ${String(nextNumber())} Primary School`;
  const [row] = await la.db
    .insert(setting)
    .values({ settingType: 'mainstream_la_maintained', phase: 'primary', urn: String(100_000 + nextNumber()), ...overrides, laId: la.laId, name })
    .returning({ id: setting.id });
  if (!row) throw new Error('The school was not created');
  return { id: row.id, name };
}

const PERSON_FORENAMES = ['Helen', 'Tom', 'Rachel', 'Daniel', 'Alison', 'Marcus', 'Jo', 'Sam', 'Nadia', 'Owen'];
const PERSON_SURNAMES = ['Ward', 'Okafor', 'Hughes', 'Mensah', 'Reed', 'Green', 'Bennett', 'Lee', 'Farah', 'Price'];

/** "Nadia Farah 38": a person's name, numbered so that two on one page are never confused. */
function personName(): string {
  const n = nextNumber();
  return `${PERSON_FORENAMES[n % PERSON_FORENAMES.length] ?? 'Alex'} ${PERSON_SURNAMES[(n * 7) % PERSON_SURNAMES.length] ?? 'Smith'} ${String(n)}`;
}

/** Someone who signs in: what `Browser.signIn` and the services need of them. */
export interface TestUser {
  id: string;
  laId: string;
  role: Role;
  email: string;
  password: string;
  displayName: string;
  settingId: string | null;
  organisationId: string | null;
  childId: string | null;
  teamId: string | null;
}

export interface UserOptions extends Partial<Omit<UserRow, 'role' | 'laId' | 'passwordHash'>> {
  /** The school a SENCO works at: made for them when not given. */
  school?: Ref;
  /** The organisation a professional works for: made for them when not given. */
  organisation?: Ref;
  /** A young person's own record: made for them when not given. */
  child?: Ref;
  team?: Ref;
}

/**
 * An account for a role, with the link the role needs to see anything: a SENCO gets a school, a
 * professional an organisation and a young person their own record, unless the test gives them.
 * Parents see children through family links: see `aParentOf`.
 */
export async function aUser(la: TestLa, role: Role, options: UserOptions = {}): Promise<TestUser> {
  const { school, organisation: organisationRef, child, team: teamRef, ...overrides } = options;
  const settingId = overrides.settingId ?? (school ? idOf(school) : role === 'school_senco' ? (await aSchool(la)).id : null);
  const organisationId = overrides.organisationId ?? (organisationRef ? idOf(organisationRef) : role === 'professional' ? (await anOrganisation(la)).id : null);
  const childId = overrides.childId ?? (child ? idOf(child) : role === 'young_person' ? (await aChild(la)).id : null);
  const teamId = overrides.teamId ?? (teamRef ? idOf(teamRef) : null);
  const tag = uniqueTag();
  const email = overrides.email ?? `${role.replaceAll('_', '.')}.${tag}@factory.example.org`;
  const displayName = overrides.displayName ?? personName();
  const [row] = await la.db
    .insert(appUser)
    .values({ ...overrides, laId: la.laId, role, email, displayName, passwordHash: await factoryPasswordHash(), settingId, organisationId, childId, teamId })
    .returning({ id: appUser.id });
  if (!row) throw new Error(`The ${role} was not created`);
  return { id: row.id, laId: la.laId, role, email, password: FACTORY_PASSWORD, displayName, settingId, organisationId, childId, teamId };
}

/** A school and the SENCO who works there: she sees the pupils currently placed at it. */
export async function aSchoolWithSenco(la: TestLa, options: { school?: Partial<SettingRow>; senco?: UserOptions } = {}): Promise<{ school: { id: string; name: string }; senco: TestUser }> {
  const school = await aSchool(la, options.school);
  const senco = await aUser(la, 'school_senco', { ...options.senco, school });
  return { school, senco };
}

/** The signed-in person as services take them, for calling a service directly. */
export function principalOf(user: TestUser): Principal {
  return {
    userId: user.id,
    laId: user.laId,
    role: user.role,
    displayName: user.displayName,
    email: user.email,
    settingId: user.settingId,
    organisationId: user.organisationId,
    childId: user.childId,
  };
}

/** The user acting outside a request, as a system would: recording what the route for it declares. */
export function actorFor(user: TestUser, requestId = 'test'): Actor {
  return { principal: principalOf(user), requestId, clock: systemClock, audit: declaredAudit('RECORD_PROVISION_DELIVERY') };
}
