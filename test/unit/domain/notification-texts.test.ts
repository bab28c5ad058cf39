import { describe, expect, it } from 'vitest';
import type { child } from '../../../src/db/schema/children.js';
import { childShortName, messagePosted, replyOverdueEscalated, replyOverdueToOwner, reviewInvitation, taskAssigned, type NotificationText } from '../../../src/domain/notification-texts.js';

// A child whose details must never reach an email, as the database holds them: each text below
// is built from this whole record (and the message and task with their words), as its callers
// could hand it, so a text that reached for the date of birth, the UPN, the full name or what
// was said would fail the first test, not pass it for want of the value.
const CHILD_RECORD: typeof child.$inferSelect = {
  id: '0b7d1c2e-0000-4000-8000-000000000001',
  laId: '0b7d1c2e-0000-4000-8000-0000000000b1',
  forename: 'Samira',
  surname: 'Okonkwo-Hughes',
  dateOfBirth: '2014-05-09',
  sex: 'F',
  ethnicity: 'WBRI',
  postcode: 'LS6 2AB',
  upn: 'K801200001234',
  uln: '4109876543',
  upnUnknownReason: null,
  caseworkerId: null,
  teamId: null,
  createdAt: new Date('2024-01-15T09:00:00Z'),
};
const CHILD = { ...CHILD_RECORD, childId: CHILD_RECORD.id };
const FULL_NAME = 'Samira Okonkwo-Hughes';
const MESSAGE_BODY = 'Samira has been very anxious about the new speech therapy sessions';
const MESSAGE = { body: MESSAGE_BODY };
const TASK_TITLE = 'Chase the educational psychologist about Samira’s autism assessment';
const TASK = { title: TASK_TITLE };
const FORBIDDEN = [
  FULL_NAME,
  CHILD.surname,
  // The date of birth as any of the texts' own date forms would write it.
  CHILD.dateOfBirth,
  '9 May 2014',
  '9 May',
  '09/05/2014',
  CHILD.upn ?? '',
  CHILD.uln ?? '',
  CHILD.postcode ?? '',
  MESSAGE_BODY,
  'anxious',
  TASK_TITLE,
  'autism',
];
const threadId = '0b7d1c2e-0000-4000-8000-0000000000aa';

const TEMPLATES: [string, NotificationText, 'family' | 'staff'][] = [
  ['message received (family)', messagePosted({ ...CHILD, ...MESSAGE, threadId, reader: 'family', senderName: 'Priya Shah', action: 'reply' }), 'family'],
  ['message received (young person)', messagePosted({ ...CHILD, ...MESSAGE, threadId, reader: 'young_person', senderName: 'Priya Shah', action: 'new' }), 'family'],
  ['message received (staff)', messagePosted({ ...CHILD, ...MESSAGE, threadId, reader: 'staff', senderName: 'Sarah Ahmed', action: 'new' }), 'staff'],
  ['call recorded (staff)', messagePosted({ ...CHILD, ...MESSAGE, threadId, reader: 'staff', senderName: 'Priya Shah', action: 'recorded', recordedWhat: 'a phone call' }), 'staff'],
  ['reply overdue (owner)', replyOverdueToOwner({ ...CHILD, ...MESSAGE, threadId, replyBy: '2026-12-02' }), 'staff'],
  ['reply overdue (manager)', replyOverdueEscalated({ ...CHILD, ...MESSAGE, threadId, replyBy: '2026-12-02' }), 'staff'],
  ['task assigned (about a child)', taskAssigned({ ...TASK, child: CHILD, dueOn: '2026-12-04' }), 'staff'],
  ['task assigned (no child)', taskAssigned({ ...TASK, child: null, dueOn: null }), 'staff'],
  ['review invitation', reviewInvitation({ ...CHILD, meetingOn: '2027-03-03', viewsBy: '2027-02-17' }), 'family'],
];

describe('notification texts', () => {
  it('are each handed every detail they must keep out', () => {
    const given = JSON.stringify([CHILD, MESSAGE, TASK]);
    for (const detail of [CHILD.forename, CHILD.surname, CHILD.dateOfBirth, CHILD.upn, CHILD.uln, CHILD.postcode, MESSAGE_BODY, TASK_TITLE]) expect(given).toContain(detail);
  });

  it.each(TEMPLATES)('%s carries no full name, surname, date of birth, UPN or message text', (_name, text) => {
    const words = `${text.subject}\n${text.body}`;
    for (const forbidden of FORBIDDEN) expect(words).not.toContain(forbidden);
  });

  it.each(TEMPLATES)('%s says what happened, has a link in the app and addresses its reader rightly', (_name, text, reader) => {
    expect(text.subject.length).toBeGreaterThan(10);
    expect(text.body).toMatch(/\.$/);
    expect(text.link).toMatch(/^\/[a-z]/);
    expect(text.kind).toMatch(/^[a-z_]+$/);
    if (reader === 'family') {
      expect(`${text.subject} ${text.body}`).toMatch(/your (child|EHC plan)/);
      expect(`${text.subject} ${text.body}`).not.toContain('Samira');
    } else if (!text.subject.startsWith('You have a new task') || text.body.includes('about')) {
      expect(`${text.subject} ${text.body}`).toContain('Samira O.');
    }
  });

  it('words the review invitation as families are told it', () => {
    expect(reviewInvitation({ childId: CHILD.childId, meetingOn: '2027-03-03', viewsBy: '2027-02-17' }).body).toBe(
      'A review meeting for your child is on 3 March; please add your views by 17 February.',
    );
  });

  it.each([
    ['Samira', 'Okonkwo-Hughes', 'Samira O.'],
    ['Mary Jane', 'smith', 'Mary S.'],
    [' Leo ', ' Ng', 'Leo N.'],
    ['Ali', '', 'Ali'],
  ])('shortens %s %s to %s', (forename, surname, expected) => {
    expect(childShortName(forename, surname)).toBe(expected);
  });
});
