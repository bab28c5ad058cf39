import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import { AUDIENCE_TAGS, AUDIENCES, isAudience, type Audience } from '../../domain/audience.js';
import { cell, link, tag, type Part, type TableCell } from '../../http/cells.js';
import { settingTypeLabel } from '../children/view-models.js';
import type { PeopleInvolved } from './repository.js';

const mailto = (email: string): Part => link(`mailto:${email}`, email);

function emailCell(email: string | null | undefined, shown: boolean): TableCell {
  if (!email) return { text: 'Not recorded' };
  if (!shown) return { text: 'Ask the caseworker' };
  return cell(mailto(email));
}

/**
 * The tables of the People involved tab. Work emails of the LA, schools and professionals are for
 * everyone who may see the child; the family's own details only for the family and the LA.
 */
export function peopleView(people: PeopleInvolved, options: { seesFamilyContact: boolean }) {
  const roleText = (role: string) => (isRole(role) ? ROLE_LABELS[role] : role);
  return {
    familyRows: people.family.map((row) => [{ text: row.name }, { text: row.relationship }, { text: row.hasParentalResponsibility ? 'Yes' : 'No' }, emailCell(row.email, options.seesFamilyContact)]),
    laRows: people.caseworker
      ? [[{ text: people.caseworker.name }, { text: people.caseworker.jobTitle ?? roleText(people.caseworker.role) }, { text: 'Caseworker for this child' }, emailCell(people.caseworker.email, true)]]
      : [],
    settingRows: people.settings.flatMap((row) => [
      [{ text: row.name }, { text: settingTypeLabel(row.settingType) || 'School or setting' }, { text: 'Where the child is placed' }, { text: '' }],
      ...people.sencos.filter((senco) => senco.settingId === row.id).map((senco) => [{ text: senco.name }, { text: senco.jobTitle ?? 'SENCO' }, { text: row.name }, emailCell(senco.email, true)]),
    ]),
    professionalRows: people.professionals.map((row) => [
      { text: row.name },
      { text: [row.jobTitle, row.organisationName].filter(Boolean).join(', ') || 'Professional' },
      { text: row.involvement },
      emailCell(row.email, true),
    ]),
    providerRows: people.providers.map((row) => [{ text: row.name }, { text: 'Provides support in the plan' }]),
    contactRows: people.contacts.map((row) => [
      { text: row.name },
      { text: [row.role, row.organisationName].filter(Boolean).join(', ') },
      row.email || row.phone ? cell({ lines: [...(row.email ? [[mailto(row.email)]] : []), ...(row.phone ? [[{ text: row.phone }]] : [])] }) : { text: 'Not recorded' },
      isAudience(row.audience) ? cell(tag(AUDIENCE_TAGS[row.audience], 'grey')) : { text: '' },
    ]),
  };
}

export function contactAudienceItems(writable: readonly Audience[], selected: unknown) {
  return writable.map((audience) => ({ value: audience, text: AUDIENCES[audience], checked: selected === audience }));
}
