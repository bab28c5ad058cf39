import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { appUser, child, familyLink, placement, resourceBase, resourceBaseSurveyAnswer, resourceBaseVisit, resourceBaseVisitPupil, setting, task } from '../db/schema/index.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { SenType } from '../domain/plans.js';
import { SURVEY_QUESTION_KEYS, type BaseKind, type ProgressRating, type ProvisionInPlace } from '../domain/resource-bases.js';
import { isSchoolDay, type SchoolCalendar, type Term } from '../domain/school-calendar.js';
import { loadSchoolCalendar } from '../modules/calendar/repository.js';
import { Prng, seedFromText } from './prng.js';

/** At most this many bases, whatever the LA's size: a county has a dozen or two, the demo needs a handful. */
const MOST_BASES = 6;

const BASE_NAMES = ['The Willow Centre', 'The Oak Room', 'The Harbour', 'The Beacon', 'The Nest', 'Rainbow Base', 'The Lighthouse', 'The Cedar Unit'];
const DESIGNATIONS: SenType[] = ['ASD', 'SLCN', 'SEMH', 'HI', 'MLD', 'PD'];

const FINDINGS = [
  'Pupils were calm and engaged in the base. Visual timetables are used well, and staff know each pupil well. Pupils join mainstream lessons for most of the morning with a teaching assistant.',
  'A well-organised base with a clear routine. Transitions between the base and mainstream classes are planned, but two pupils found the lunchtime change hard. Records of therapy sessions were up to date.',
  'Staffing has been stretched this term by a long-term absence; cover is in place but inconsistent. Pupils are settled and the host school includes them in assemblies and trips.',
  'The base has moved to a larger room, which has helped. Targets in pupil passports match the outcomes in their plans. Speech and language therapy input was reduced for part of the term.',
];
const ACTIONS = [
  'Send the base the updated speech and language therapy timetable',
  'Arrange training on supporting regulation at lunchtime for midday staff',
  'Check that every pupil passport is reviewed against the outcomes in the plan',
  'Agree cover for the base teacher with the headteacher',
  'Share the pupil progress tracker with the SEN caseworkers',
];
const PROGRESS_NOTES = [
  'Reading has moved on well; now reading short texts independently.',
  'More settled in mainstream maths lessons; still needs support at transitions.',
  'Communication with peers improving; uses the visual timetable without prompting.',
  'Attendance has dipped this term; the school is working with the family.',
  'Working towards the targets in the plan, in line with what was expected.',
];
const COMMENTS = [
  'The staff are lovely and always let me know how his day has been.',
  'She is so much happier since starting at the base.',
  'I would like more regular updates about therapy.',
  'Communication could be better when staff change.',
  'Brilliant support. He looks forward to going in every day.',
  'It took a while to settle but things are much better now.',
];

/** A school day in the term, about `offset` days in (or the last one before `before`). */
function schoolDayIn(calendar: SchoolCalendar, term: Term, offset: number, before: IsoDate): IsoDate | null {
  let day = addDays(term.start, offset);
  if (day > term.end) day = term.end;
  if (day >= before) day = addDays(before, -1);
  while (day >= term.start && !isSchoolDay(calendar, day)) day = addDays(day, -1);
  return day >= term.start ? day : null;
}

/**
 * A handful of resource bases and SEN units at the demo LA's mainstream schools: one at the demo
 * SENCO's school with the demo parent's first child among its pupils, one at each school the
 * generator flagged as having resourced provision or a unit, with the pupils already placed there
 * on those flags. Most have visits in the last two terms (one not yet this term, one not since
 * three terms ago, so the list shows a due and an overdue visit), actions as tasks for the
 * inclusion officer, and parents' survey answers for each term (the demo parent has not answered
 * this term, so their child's record asks).
 */
export async function seedResourceBases(db: Database, options: { laId: string; seed: string; today: IsoDate; parentUserId: string }): Promise<number> {
  const { laId, today } = options;
  const prng = new Prng(seedFromText(`${options.seed}:resource-bases`));
  const calendar = await loadSchoolCalendar(db, laId);
  const [senco] = await db
    .select({ settingId: appUser.settingId })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), eq(appUser.role, 'school_senco')))
    .limit(1);
  const visitors = await db
    .select({ id: appUser.id, role: appUser.role })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), inArray(appUser.role, ['inclusion_officer', 'educational_psychologist'])))
    .orderBy(asc(appUser.role));
  const officer = visitors.find((user) => user.role === 'inclusion_officer');
  if (!officer) return 0;
  const hosts = await db
    .select({ id: setting.id, phase: setting.phase, hasSenUnit: setting.hasSenUnit, hasResourcedProvision: setting.hasResourcedProvision })
    .from(setting)
    .where(
      and(
        eq(setting.laId, laId),
        sql`${setting.settingType} like 'mainstream%'`,
        or(eq(setting.hasSenUnit, true), eq(setting.hasResourcedProvision, true), senco?.settingId ? eq(setting.id, senco.settingId) : undefined),
      ),
    )
    .orderBy(sql`${setting.id} = ${senco?.settingId ?? null} desc`, asc(setting.name));

  const bases = hosts.slice(0, MOST_BASES).map((host, index) => {
    const kind: BaseKind = host.hasSenUnit && !host.hasResourcedProvision ? 'sen_unit' : 'resource_base';
    const primary = host.phase === 'primary';
    return {
      id: prng.uuid(),
      laId,
      settingId: host.id,
      name: BASE_NAMES[index % BASE_NAMES.length] ?? 'The Base',
      kind,
      designation: index === 0 ? 'ASD' : (DESIGNATIONS[index % DESIGNATIONS.length] ?? 'ASD'),
      ageFrom: primary ? 4 : 11,
      ageTo: primary ? 11 : 16,
      commissionedPlaces: index === 0 ? 8 : prng.int(6, 14),
      openedOn: addDays(today, -prng.int(500, 2500)),
      isSencoSchool: host.id === senco?.settingId,
    };
  });
  if (bases.length === 0) return 0;

  await db.transaction(async (tx) => {
    await tx.insert(resourceBase).values(
      bases.map((base) => ({
        id: base.id,
        laId,
        settingId: base.settingId,
        name: base.name,
        kind: base.kind,
        designation: base.designation,
        ageFrom: base.ageFrom,
        ageTo: base.ageTo,
        commissionedPlaces: base.commissionedPlaces,
        openedOn: base.openedOn,
        updatedBy: officer.id,
      })),
    );
    for (const base of bases) {
      const current = and(eq(placement.laId, laId), eq(placement.settingId, base.settingId), sql`${placement.startDate} <= ${today}::date`, isNull(placement.endDate));
      if (base.isSencoSchool) {
        // The SENCO's school had no base in the generator: its first six current pupils (the demo parent's child first) are placed in this one.
        const pupils = await tx
          .select({ id: placement.id })
          .from(placement)
          .innerJoin(child, eq(child.id, placement.childId))
          .where(current)
          .orderBy(sql`exists (select 1 from ${familyLink} f where f.child_id = ${child.id} and f.user_id = ${options.parentUserId}) desc`, asc(child.surname), asc(placement.childId))
          .limit(6);
        if (pupils.length > 0)
          await tx
            .update(placement)
            .set({ resourceBaseId: base.id, resourcedProvision: base.kind === 'resource_base', senUnit: base.kind === 'sen_unit' })
            .where(
              inArray(
                placement.id,
                pupils.map((row) => row.id),
              ),
            );
        await tx.update(setting).set({ hasResourcedProvision: true }).where(eq(setting.id, base.settingId));
      } else {
        await tx
          .update(placement)
          .set({ resourceBaseId: base.id })
          .where(and(current, or(eq(placement.resourcedProvision, true), eq(placement.senUnit, true))));
      }
    }
  });

  // The last three terms that have started: most bases were visited in the last two; the third
  // base was last visited three terms ago, so it is overdue.
  const terms = [...calendar.terms]
    .filter((term) => term.start < today)
    .sort((a, b) => a.start.localeCompare(b.start))
    .slice(-3);
  const pupilsIn = await db
    .select({ baseId: placement.resourceBaseId, childId: placement.childId, startDate: placement.startDate })
    .from(placement)
    .where(
      and(
        eq(placement.laId, laId),
        inArray(
          placement.resourceBaseId,
          bases.map((base) => base.id),
        ),
        isNull(placement.endDate),
      ),
    )
    .orderBy(asc(placement.childId));
  const visits: (typeof resourceBaseVisit.$inferInsert)[] = [];
  const records: (typeof resourceBaseVisitPupil.$inferInsert)[] = [];
  const tasks: (typeof task.$inferInsert)[] = [];
  const answers: (typeof resourceBaseSurveyAnswer.$inferInsert)[] = [];
  bases.forEach((base, baseIndex) => {
    terms.forEach((term, termIndex) => {
      const latest = termIndex === terms.length - 1;
      const earliest = termIndex === 0 && terms.length === 3;
      // The second base has not been visited this term yet; the third not since the earliest term.
      const visited = baseIndex === 2 ? earliest : !earliest && !(baseIndex === 1 && latest && today <= term.end);
      const visitedOn = visited ? schoolDayIn(calendar, term, prng.int(20, 45), today) : null;
      if (visitedOn) {
        const visitId = prng.uuid();
        const visitor = prng.chance(0.7) ? officer : prng.pick(visitors);
        visits.push({ id: visitId, laId, resourceBaseId: base.id, visitedOn, visitedBy: visitor.id, findings: prng.pick(FINDINGS), createdAt: new Date(`${visitedOn}T15:00:00Z`) });
        for (const pupil of pupilsIn.filter((row) => row.baseId === base.id && row.startDate <= visitedOn)) {
          const progress = prng.weighted<ProgressRating>({ better: 15, expected: 55, less: 20, little: 5, not_seen: 5 });
          const provision: ProvisionInPlace | null = progress === 'not_seen' ? null : prng.weighted<ProvisionInPlace>({ yes: 75, partly: 20, no: 5 });
          records.push({
            laId,
            visitId,
            childId: pupil.childId,
            progress,
            progressNote: progress === 'not_seen' ? 'Absent on the day of the visit.' : prng.chance(0.6) ? prng.pick(PROGRESS_NOTES) : null,
            provisionInPlace: provision,
            provisionNote:
              provision === 'partly'
                ? 'Speech and language therapy sessions were missed for three weeks while the therapist was away.'
                : provision === 'no'
                  ? 'No teaching assistant in place since half term.'
                  : null,
          });
        }
        const actionCount = prng.int(1, 2);
        for (let index = 1; index <= actionCount; index += 1) {
          const dueOn = addDays(visitedOn, prng.int(14, 42));
          const done = !latest || dueOn < today ? prng.chance(latest ? 0.5 : 0.9) : false;
          tasks.push({
            laId,
            childId: null,
            title: `${base.name}: ${prng.pick(ACTIONS)}`,
            ownerUserId: officer.id,
            dueOn,
            sourceType: 'base_visit',
            sourceId: `${base.id}:${visitId}:${String(index)}`,
            status: done ? 'done' : 'open',
            createdBy: visitor.id,
            ...(done ? { completedAt: new Date(`${dueOn}T12:00:00Z`), completedBy: officer.id } : {}),
          });
        }
      }
      // Parents' answers: more in the terms gone, a few so far this term (one base too few to show).
      const count = latest ? (baseIndex === 1 ? 2 : prng.int(3, 5)) : prng.int(4, 7);
      const mood = prng.int(3, 4);
      for (let index = 0; index < count; index += 1) {
        const scores = Object.fromEntries(SURVEY_QUESTION_KEYS.map((key) => [key, Math.max(1, Math.min(5, mood + prng.int(-2, 1) + (key === 'informed' ? -1 : 0) + 1))]));
        answers.push({
          laId,
          resourceBaseId: base.id,
          termStart: term.start,
          termName: term.name,
          ...(scores as Record<(typeof SURVEY_QUESTION_KEYS)[number], number>),
          comment: prng.chance(0.5) ? prng.pick(COMMENTS) : null,
        });
      }
    });
  });
  await db.transaction(async (tx) => {
    if (visits.length > 0) await tx.insert(resourceBaseVisit).values(visits);
    if (records.length > 0) await tx.insert(resourceBaseVisitPupil).values(records);
    if (tasks.length > 0) await tx.insert(task).values(tasks);
    if (answers.length > 0) await tx.insert(resourceBaseSurveyAnswer).values(answers);
  });
  return bases.length;
}
