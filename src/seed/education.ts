import type { NewArrangement } from '../modules/education/repository.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { defaultFullTimeMinutes, type NoSettingReason } from '../domain/full-time.js';
import type { Prng } from './prng.js';

export interface DemoChildForEducation {
  laId: string;
  childId: string;
  age: number;
  settingType: string | null;
  /** SEN2 code when the child has no setting (NIEO, NEET, EHE…). */
  senSettingCode: string | null;
  recordedBy: string;
  today: IsoDate;
  /** The demo parent's second child: always on a part-time timetable, so the parent sees one. */
  demoPartTime: boolean;
}

/** A type, not an interface: the generator's rows are plain records. */
// Pick makes the interface a plain record type, which the batch insert's Row accepts.
export type DemoArrangementRow = Pick<NewArrangement, keyof NewArrangement> & {
  endDate: IsoDate | null;
};

const PART_TIME_REASONS = [
  'Phased return after a long period of anxiety-related absence',
  'Medical needs: reduced hours on the paediatrician’s advice',
  'Reintegration after a suspension',
  'Awaiting the specialist support named in the plan',
  'Transition into a new school',
];
const AGREED_BY = ['Parent and headteacher', 'Parent, headteacher and SEN caseworker', 'Mother and SENCO', 'Father and head of year'];
const NO_SETTING: NoSettingReason[] = ['permanently_excluded', 'out_of_school', 'medical_needs', 'placement_breakdown', 'new_to_area'];

/**
 * A believable share of children without full-time education: about 2 % on a part-time
 * timetable and 1 % with no school or setting (always those the placement says are awaiting
 * one), for spells of a few days to a year, some after an earlier spell with no setting. Drawn
 * from its own generator so every other demo record stays the same for a seed.
 */
export function demoEducationArrangements(prng: Prng, child: DemoChildForEducation): DemoArrangementRow[] {
  const { laId, childId, age, today, recordedBy } = child;
  // Before and beyond compulsory education, and education the parents chose, the LA offers nothing to record.
  if (age < 5 || age > 18 || child.senSettingCode === 'EHE' || child.senSettingCode === 'OPA') return [];
  const fullTime = defaultFullTimeMinutes(child.settingType, age);
  const base = { laId, childId, fullTimeMinutesPerWeek: fullTime, recordedBy, endDate: null };
  const noSetting = (reason: NoSettingReason, startDate: IsoDate, endDate: IsoDate | null): DemoArrangementRow => ({
    ...base,
    kind: 'no_setting',
    offeredMinutesPerWeek: 0,
    reason,
    startDate,
    endDate,
    reviewDate: prng.chance(0.6) ? addDays(startDate, prng.int(14, 42)) : null,
    agreedBy: null,
  });
  const partTime = (startDate: IsoDate): DemoArrangementRow => ({
    ...base,
    kind: 'part_time',
    offeredMinutesPerWeek: Math.min(fullTime - 60, prng.int(4, 40) * 30),
    reason: prng.pick(PART_TIME_REASONS),
    startDate,
    // Reviewed every few weeks; some reviews have slipped past.
    reviewDate: addDays(startDate, prng.int(14, 70)),
    agreedBy: prng.pick(AGREED_BY),
  });

  if (child.demoPartTime) {
    return [
      {
        ...base,
        kind: 'part_time',
        offeredMinutesPerWeek: 15 * 60,
        reason: 'Phased return after a long period of anxiety-related absence',
        startDate: addDays(today, -40),
        reviewDate: addDays(today, 10),
        agreedBy: 'Sarah Ahmed (mother) and the headteacher',
      },
    ];
  }
  if (child.senSettingCode === 'NIEO' || child.senSettingCode === 'NEET') {
    return [noSetting(child.senSettingCode === 'NEET' ? 'no_post16_place' : 'awaiting_placement', addDays(today, -prng.int(5, 240)), null)];
  }
  const draw = prng.next();
  const startDate = addDays(today, -prng.int(3, 365));
  if (draw < 0.02) {
    // A quarter came to the part-time timetable after a spell with no setting: one continuous spell.
    if (prng.chance(0.25)) {
      const earlierStart = addDays(startDate, -prng.int(20, 120));
      return [noSetting(prng.pick(NO_SETTING), earlierStart, addDays(startDate, -1)), partTime(startDate)];
    }
    return [partTime(startDate)];
  }
  if (draw < 0.03) return [noSetting(prng.pick(NO_SETTING), startDate, null)];
  return [];
}
