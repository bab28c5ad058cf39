import { daysBetween, type IsoDate } from './dates.js';
import { formatDate } from './formatting.js';
import { REVIEW_DUE_SOON_DAYS } from './reviews.js';

/** Where a task came from. A clock's task is made once per source; a hand-made one has no source id. */
export const TASK_SOURCES = {
  review: 'Annual review',
  review_step: 'Review of the plan',
  concern: 'Provision concern',
  message: 'Message',
  base_visit: 'Resource base visit',
  manual: 'Added by hand',
} as const;

export type TaskSource = keyof typeof TASK_SOURCES;

/** A plan in force whose annual review is coming (or late). */
export interface ReviewClock {
  childId: string;
  planId: string;
  forename: string;
  nextReviewDue: IsoDate;
  caseworkerId: string | null;
}

/** An open provision concern and whoever holds its current rung. */
export interface ConcernClock {
  concernId: string;
  childId: string;
  forename: string;
  summary: string;
  ownerUserId: string | null;
  dueOn: IsoDate;
}

interface TaskToCreate {
  childId: string;
  title: string;
  ownerUserId: string;
  dueOn: IsoDate;
  sourceType: Extract<TaskSource, 'review' | 'concern'>;
  sourceId: string;
}

export interface TaskDecision {
  create: TaskToCreate[];
  /** Open clock tasks whose clock has moved on (review held, concern resolved or stepped): cancel them. */
  cancelSourceIds: { sourceType: 'review' | 'concern'; sourceId: string }[];
}

/**
 * The source id names the clock and the date it runs to, so the next review (or the next rung of
 * a concern) is a new task, and the same one is never made twice, even after it is done.
 */
export const reviewSourceId = (clock: Pick<ReviewClock, 'planId' | 'nextReviewDue'>) => `${clock.planId}:${clock.nextReviewDue}`;
export const concernSourceId = (clock: Pick<ConcernClock, 'concernId' | 'dueOn'>) => `${clock.concernId}:${clock.dueOn}`;

const TITLE_MAX = 200;
const shorten = (text: string) => (text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX - 1).trimEnd()}…` : text);

/**
 * The tasks statutory clocks call for today. An annual review due within 8 weeks (or late) is the
 * caseworker's to arrange (CFA 2014 s44; SEND Regs 2014 reg 20 needs two weeks' notice of the
 * meeting, so eight weeks leaves time to gather advice); an open provision concern is its current
 * owner's to act on by its due date. `known` is every source id that ever had a task (any status),
 * so one done is not made again; `open` is the clock tasks still open.
 */
export function decideTasks(params: {
  today: IsoDate;
  reviews: readonly ReviewClock[];
  concerns: readonly ConcernClock[];
  known: ReadonlySet<string>;
  open: readonly { sourceType: string; sourceId: string }[];
}): TaskDecision {
  const { today, known } = params;
  const wanted = new Set<string>();
  const create: TaskToCreate[] = [];
  for (const review of params.reviews) {
    if (daysBetween(today, review.nextReviewDue) > REVIEW_DUE_SOON_DAYS) continue;
    const sourceId = reviewSourceId(review);
    wanted.add(`review|${sourceId}`);
    if (!review.caseworkerId || known.has(`review|${sourceId}`)) continue;
    create.push({
      childId: review.childId,
      title: shorten(`Arrange the annual review for ${review.forename} (due ${formatDate(review.nextReviewDue)})`),
      ownerUserId: review.caseworkerId,
      dueOn: review.nextReviewDue,
      sourceType: 'review',
      sourceId,
    });
  }
  for (const concern of params.concerns) {
    const sourceId = concernSourceId(concern);
    wanted.add(`concern|${sourceId}`);
    if (!concern.ownerUserId || known.has(`concern|${sourceId}`)) continue;
    create.push({
      childId: concern.childId,
      title: shorten(`Act on the provision concern for ${concern.forename}: ${concern.summary}`),
      ownerUserId: concern.ownerUserId,
      dueOn: concern.dueOn,
      sourceType: 'concern',
      sourceId,
    });
  }
  const cancelSourceIds = params.open
    .filter((task): task is { sourceType: 'review' | 'concern'; sourceId: string } => task.sourceType === 'review' || task.sourceType === 'concern')
    .filter((task) => !wanted.has(`${task.sourceType}|${task.sourceId}`))
    .map(({ sourceType, sourceId }) => ({ sourceType, sourceId }));
  return { create, cancelSourceIds };
}

export function isOverdue(dueOn: IsoDate, today: IsoDate): boolean {
  return dueOn < today;
}
