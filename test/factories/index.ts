/**
 * Test-data factories: each builds one thing a test needs, through the real schema (and the real
 * repository where one writes it), with believable defaults a test overrides, and returns the ids.
 * A test starts from `createFreshTestApp` (an empty database) and `aLocalAuthority`, or from the
 * demo LA with `theDemoLa`, and builds only the records its assertions are about.
 */
export { FACTORY_PASSWORD, idOf, type Ref, type TestLa } from './core.js';
export { aLocalAuthority, aSchool, aSchoolWithSenco, aTeam, aUser, actorFor, anOrganisation, principalOf, theDemoLa, type TestUser, type UserOptions } from './people.js';
export { aChild, aFamilyLink, aParentOf, aPlacement, aProfessionalAssignment, aPupil, type ChildOptions, type PlacementOptions, type TestChild } from './children.js';
export { aPlanWithProvision, SCHOOL_SESSIONS, therapyFrom, type PlanOptions, type ProvisionLine, type TestPlan } from './plans.js';
export { deliveredSessions } from './delivery.js';
export { demoAccounts } from './demo.js';
