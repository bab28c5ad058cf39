import { describe, expect, it } from 'vitest';
import {
  childShortName,
  messagePosted,
  replyOverdueEscalated,
  replyOverdueToOwner,
  reviewInvitation,
  taskAssigned,
  type NotificationText,
} from '../../../src/domain/notification-texts.js';

// A child whose details must never reach an email: the full name, date of birth, UPN and what was said.
const CHILD = { childId: '0b7d1c2e-0000-4000-8000-000000000001', forename: 'Samira', surname: 'Okonkwo-Hughes' };
const FULL_NAME = 'Samira Okonkwo-Hughes';
const SURNAME = 'Okonkwo-Hughes';
const DATE_OF_BIRTH = ['2014-05-09', '9 May 2014', '09/05/2014'];
const UPN = 'K801200001234';
const MESSAGE_BODY = 'Samira has been very anxious about the new speech therapy sessions';
const threadId = '0b7d1c2e-0000-4000-8000-0000000000aa';

const TEMPLATES: [string, NotificationText, 'family' | 'staff'][] = [
  ['message received (family)', messagePosted({ ...CHILD, threadId, reader: 'family', senderName: 'Priya Shah', action: 'reply' }), 'family'],
  ['message received (young person)', messagePosted({ ...CHILD, threadId, reader: 'young_person', senderName: 'Priya Shah', action: 'new' }), 'family'],
  ['message received (staff)', messagePosted({ ...CHILD, threadId, reader: 'staff', senderName: 'Sarah Ahmed', action: 'new' }), 'staff'],
  ['call recorded (staff)', messagePosted({ ...CHILD, threadId, reader: 'staff', senderName: 'Priya Shah', action: 'recorded', recordedWhat: 'a phone call' }), 'staff'],
  ['reply overdue (owner)', replyOverdueToOwner({ ...CHILD, threadId, replyBy: '2026-12-02' }), 'staff'],
  ['reply overdue (manager)', replyOverdueEscalated({ ...CHILD, threadId, replyBy: '2026-12-02' }), 'staff'],
  ['task assigned (about a child)', taskAssigned({ child: CHILD, dueOn: '2026-12-04' }), 'staff'],
  ['task assigned (no child)', taskAssigned({ child: null, dueOn: null }), 'staff'],
  ['review invitation', reviewInvitation({ childId: CHILD.childId, meetingOn: '2027-03-03', viewsBy: '2027-02-17' }), 'family'],
];

describe('notification texts', () => {
  it.each(TEMPLATES)('%s carries no full name, surname, date of birth, UPN or message text', (_name, text) => {
    const words = `${text.subject}\n${text.body}`;
    for (const forbidden of [FULL_NAME, SURNAME, UPN, MESSAGE_BODY, 'anxious', ...DATE_OF_BIRTH]) expect(words).not.toContain(forbidden);
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
