import { describe, expect, it } from 'vitest';
import { ETHNICITIES } from '../../src/domain/plain-words.js';
import { aFamilyLink, aPlanWithProvision, aPupil, aSchool, anOrganisation, demoAccounts, SCHOOL_SESSIONS, theDemoLa, therapyFrom } from '../factories/index.js';
import { demoSite } from './site.js';

let childId: string;
const ethnicity = 'BCRB';

// With the demo's delivery history, as the demo shows the Provision tab.
const site = demoSite({
  plans: 30,
  deliveryHistory: true,
  prepare: async (t) => {
    const la = theDemoLa(t);
    const accounts = await demoAccounts(t);
    const pupil = await aPupil(la, await aSchool(la), { ethnicity });
    // The seed's literacy intervention, whose description begins "Structured, multisensory…".
    const literacy = { ...SCHOOL_SESSIONS, description: 'Structured, multisensory literacy intervention delivered by a specialist teacher', groupSize: 'group of up to 4', provisionType: 'specialist_teaching' };
    await aPlanWithProvision(la, pupil, { provision: [literacy, therapyFrom(await anOrganisation(la))] });
    await aFamilyLink(la, pupil, accounts.parent, { name: 'Sarah Ahmed', relationship: 'Mother' });
    childId = pupil.id;
  },
});

describe('plain words for families', () => {
  it('a parent reads codes as words and provision as time they can picture, named in full', async () => {
    const page = await site.signedInPage('parent');
    const record = site.childRecord(page, childId);
    await record.overview.open();
    const overview = await record.overview.text();
    expect(overview).not.toContain('CBDS');
    expect(overview).toContain(ETHNICITIES[ethnicity] ?? ethnicity);
    await record.provision.open();
    const provision = await record.provision.text();
    expect(provision).toMatch(/so far this term/);
    expect(provision).not.toMatch(/\b1 minutes\b|\(\d+ minutes\)/);
    // The seed's literacy intervention begins "Structured, multisensory…": never cut to "Structured:".
    expect(provision).not.toContain('Structured:');
  });
});
