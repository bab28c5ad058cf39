import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import { REVIEW_CONTRIBUTION_KINDS, REVIEW_DECISIONS, REVIEW_PARTICIPANT_ROLES } from '../../domain/reviews.js';
import { isCeaseReason } from '../../domain/review-workflow.js';
import { VERSION_FIELD } from '../../http/edit-version.js';

const text = z.preprocess((value) => (typeof value === 'string' ? value.trim() : ''), z.string());
const optionalText = z.preprocess((value) => (typeof value === 'string' ? value.trim() : ''), z.string()).default('');

const TEXT_MAX = 5000;
const PLACE_MAX = 200;
const NAME_MAX = 200;

type Issue = (path: string, message: string) => void;

/**
 * A GOV.UK date input's three fields as an IsoDate: a real calendar date, or an issue on `name`.
 * Empty is an issue only when the date is required.
 */
function dateFrom(form: Record<string, unknown>, name: string, words: { missing: string; invalid: string }, issue: Issue, required = true): IsoDate | null {
  const part = (suffix: string) => {
    const value = form[`${name}-${suffix}`];
    return typeof value === 'string' ? value.trim() : '';
  };
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) {
    if (required) issue(name, words.missing);
    return null;
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isIsoDate(iso)) {
    issue(name, words.invalid);
    return null;
  }
  return iso;
}

const dateParts = (name: string) => ({ [`${name}-day`]: optionalText, [`${name}-month`]: optionalText, [`${name}-year`]: optionalText });

const version = { [VERSION_FIELD]: z.string().optional() };

function issuer(context: z.RefinementCtx): Issue {
  return (path, message) => {
    context.addIssue({ code: 'custom', path: [path], message });
  };
}

const MEETING_DATE_WORDS = { missing: 'Enter the date of the meeting', invalid: 'The meeting date must be a real date, like 14 3 2027' };

function meetingFields(form: Record<string, unknown>, issue: Issue) {
  const meetingDate = dateFrom(form, 'meetingDate', MEETING_DATE_WORDS, issue);
  const meetingTime = typeof form.meetingTime === 'string' ? form.meetingTime : '';
  if (meetingTime !== '' && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(meetingTime)) issue('meetingTime', 'Enter the time as hours and minutes on the 24-hour clock, like 09:30 or 14:00');
  const meetingPlace = typeof form.meetingPlace === 'string' ? form.meetingPlace : '';
  if (meetingPlace === '') issue('meetingPlace', 'Enter where the meeting will be, or say it is online');
  else if (meetingPlace.length > PLACE_MAX) issue('meetingPlace', `Where the meeting is must be ${String(PLACE_MAX)} characters or fewer`);
  return { meetingDate: meetingDate ?? '', meetingTime: meetingTime === '' ? null : meetingTime.padStart(5, '0'), meetingPlace };
}

/** Arranging or moving the meeting. Whether the date is after the invitations is the service's. */
export const scheduleForm = z
  .object({ ...dateParts('meetingDate'), meetingTime: optionalText, meetingPlace: optionalText, ...version })
  .transform((form, context) => ({ ...meetingFields(form, issuer(context)), [VERSION_FIELD]: form[VERSION_FIELD] }));
export type ScheduleInput = z.output<typeof scheduleForm>;

/** Arranging a review: its kind, who runs it, and the meeting. */
export const newReviewForm = z.object({ kind: optionalText, runBy: optionalText, ...dateParts('meetingDate'), meetingTime: optionalText, meetingPlace: optionalText }).transform((form, context) => {
  const issue = issuer(context);
  if (form.kind !== 'annual' && form.kind !== 'phase_transfer') issue('kind', 'Select the kind of review');
  if (form.runBy !== 'la' && form.runBy !== 'setting') issue('runBy', 'Select who runs the review meeting');
  return { kind: form.kind as 'annual' | 'phase_transfer', runBy: form.runBy as 'la' | 'setting', ...meetingFields(form, issue) };
});
export type NewReviewInput = z.output<typeof newReviewForm>;

/** Who is invited: people who sign in (chosen from the child's links), and someone else by name. */
export const invitationsForm = z
  .object({
    invitees: z.preprocess((value): unknown => (Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : []), z.array(z.string())),
    otherName: optionalText,
    otherOrganisation: optionalText,
    otherRole: optionalText,
    ...version,
  })
  .transform((form, context) => {
    const issue = issuer(context);
    if (form.otherName.length > NAME_MAX) issue('otherName', `The name must be ${String(NAME_MAX)} characters or fewer`);
    if (form.otherOrganisation.length > NAME_MAX) issue('otherOrganisation', `The organisation must be ${String(NAME_MAX)} characters or fewer`);
    if (form.otherName !== '' && !(form.otherRole in REVIEW_PARTICIPANT_ROLES)) issue('otherRole', 'Select the part they play in the review');
    return form;
  });
export type InvitationsInput = z.output<typeof invitationsForm>;

/** Views or advice, typed. Which kinds and audiences the person may choose is the service's. */
export const contributionForm = z.object({ kind: optionalText, content: text, audience: optionalText }).transform((form, context) => {
  const issue = issuer(context);
  if (!(form.kind in REVIEW_CONTRIBUTION_KINDS)) issue('kind', 'Select what you are adding');
  if (form.content === '') issue('content', 'Write your views or advice');
  else if (form.content.length > TEXT_MAX) issue('content', `What you write must be ${String(TEXT_MAX)} characters or fewer`);
  return form;
});
export type ContributionInput = z.output<typeof contributionForm>;

/**
 * The meeting: when it was held, who came and how, a rating and its evidence for every outcome,
 * the recommendations and any differences of view. The per-person and per-outcome fields are named
 * by id (`attended-<participantId>`, `rating-<outcomeId>`, `evidence-<outcomeId>`); the service
 * checks them against the review's people and the plan's outcomes.
 */
export const recordMeetingForm = z
  .object({ ...dateParts('heldOn'), recommendations: optionalText, differencesOfView: optionalText, ...version })
  .catchall(z.unknown())
  .transform((form, context) => {
    const issue = issuer(context);
    const heldOn = dateFrom(form, 'heldOn', { missing: 'Enter the date the meeting was held', invalid: 'The meeting date must be a real date, like 14 3 2027' }, issue);
    if (form.recommendations === '') issue('recommendations', 'Enter the recommendations the meeting made');
    else if (form.recommendations.length > TEXT_MAX) issue('recommendations', `The recommendations must be ${String(TEXT_MAX)} characters or fewer`);
    if (form.differencesOfView.length > TEXT_MAX) issue('differencesOfView', `The differences of view must be ${String(TEXT_MAX)} characters or fewer`);
    const fields = (prefix: string) =>
      Object.fromEntries(
        Object.entries(form)
          .filter(([key, value]) => key.startsWith(prefix) && typeof value === 'string')
          .map(([key, value]) => [key.slice(prefix.length), (value as string).trim()]),
      );
    return {
      heldOn: heldOn ?? '',
      recommendations: form.recommendations,
      differencesOfView: form.differencesOfView,
      attendance: fields('attended-'),
      ratings: fields('rating-'),
      evidence: fields('evidence-'),
      [VERSION_FIELD]: form[VERSION_FIELD],
    };
  });
export type RecordMeetingInput = z.output<typeof recordMeetingForm>;

export const sendReportForm = z.object({ ...version });

/** The LA's decision: maintain, amend or cease, with reasons; cease with its grounds and the appeal rights given. */
export const decisionForm = z
  .object({ decision: optionalText, reasons: optionalText, ceaseReason: optionalText, ...dateParts('decisionOn'), ...dateParts('appealRightsGivenOn'), ...version })
  .transform((form, context) => {
    const issue = issuer(context);
    if (!(form.decision in REVIEW_DECISIONS)) issue('decision', 'Select the decision');
    const decisionOn = dateFrom(form, 'decisionOn', { missing: 'Enter the date of the decision', invalid: 'The decision date must be a real date, like 14 3 2027' }, issue);
    if (form.reasons === '') issue('reasons', 'Give the reasons for the decision');
    else if (form.reasons.length > TEXT_MAX) issue('reasons', `The reasons must be ${String(TEXT_MAX)} characters or fewer`);
    const cease = form.decision === 'cease';
    const appealRightsGivenOn = cease
      ? dateFrom(form, 'appealRightsGivenOn', { missing: 'Enter the date the family was told of their right to appeal', invalid: 'The appeal rights date must be a real date, like 14 3 2027' }, issue)
      : null;
    if (cease && !isCeaseReason(form.ceaseReason)) issue('ceaseReason', 'Select why the plan is to stop');
    return {
      decision: form.decision as 'maintain' | 'amend' | 'cease',
      decisionOn: decisionOn ?? '',
      reasons: form.reasons,
      ceaseReason: cease && isCeaseReason(form.ceaseReason) ? form.ceaseReason : null,
      appealRightsGivenOn,
      [VERSION_FIELD]: form[VERSION_FIELD],
    };
  });
export type DecisionInput = z.output<typeof decisionForm>;
