import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';

const text = z.preprocess((value) => (typeof value === 'string' ? value.trim() : ''), z.string());

const TASK_TITLE_MAX = 200;

/** A task added by hand. Whether the owner may have it and whether the date has passed are the service's. */
export const newTaskForm = z
  .object({
    title: text,
    ownerUserId: text,
    'dueOn-day': text,
    'dueOn-month': text,
    'dueOn-year': text,
  })
  .transform((form, context) => {
    const issue = (path: string, message: string) => {
      context.addIssue({ code: 'custom', path: [path], message });
    };
    if (form.title === '') issue('title', 'Enter what needs to be done');
    else if (form.title.length > TASK_TITLE_MAX) issue('title', `What needs to be done must be ${String(TASK_TITLE_MAX)} characters or fewer`);
    if (form.ownerUserId === '') issue('ownerUserId', 'Select who the task is for');
    const [day, month, year] = [form['dueOn-day'], form['dueOn-month'], form['dueOn-year']];
    let dueOn: IsoDate = '';
    if (!day && !month && !year) issue('dueOn', 'Enter the date the task is due');
    else if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isIsoDate(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`)) {
      issue('dueOn', 'The due date must be a real date, like 7 9 2026');
    } else dueOn = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    return { title: form.title, ownerUserId: form.ownerUserId, dueOn };
  });

export type NewTaskForm = z.output<typeof newTaskForm>;
