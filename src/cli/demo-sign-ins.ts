import { ROLE_LABELS, type Role } from '../auth/roles.js';

export interface DemoAccount {
  email: string;
  role: Role;
  roleLabel: string;
  password: string;
  shouldSee: string;
}

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_EMAIL_DOMAIN = 'demo-borough.example.org';

/** The email's local part and what the account should see, for every role. */
const ACCOUNTS: Record<Role, { localPart: string; shouldSee: string }> = {
  sen_caseworker: { localPart: 'caseworker', shouldSee: 'Every child in the demo LA, with their own caseload as a filter; child history.' },
  sen_team_manager: { localPart: 'manager', shouldSee: 'Every child in the demo LA and the reports; child history.' },
  educational_psychologist: { localPart: 'ep', shouldSee: 'Every child in the demo LA; child history.' },
  inclusion_officer: { localPart: 'inclusion', shouldSee: 'Every child in the demo LA; child history.' },
  finance_officer: { localPart: 'finance', shouldSee: 'Every child in the demo LA, their funding, and the reports; no history.' },
  insight_analyst: { localPart: 'insight', shouldSee: 'Aggregate reports only: no child records.' },
  la_admin: { localPart: 'admin', shouldSee: 'The users of the demo LA: no child records.' },
  school_senco: { localPart: 'senco', shouldSee: 'Only the pupils currently placed at their school.' },
  professional: { localPart: 'therapist', shouldSee: 'Only the children assigned to them (a speech and language therapist).' },
  parent: { localPart: 'parent', shouldSee: 'Only the 2 children they hold parental responsibility for.' },
  young_person: { localPart: 'young.person', shouldSee: 'Only their own record.' },
};

export function demoEmail(role: Role, domain: string = DEMO_EMAIL_DOMAIN): string {
  return `${ACCOUNTS[role].localPart}@${domain}`;
}

export const DEMO_ACCOUNTS: DemoAccount[] = (Object.keys(ACCOUNTS) as Role[]).map((role) => ({
  email: demoEmail(role),
  role,
  roleLabel: ROLE_LABELS[role],
  password: DEMO_PASSWORD,
  shouldSee: ACCOUNTS[role].shouldSee,
}));

/** What `npm start` prints once it is listening. */
export function printDemoSignIns(address: string): void {
  const width = Math.max(...DEMO_ACCOUNTS.map((account) => account.email.length));
  console.log(`\nOpenEHCP is running at ${address}\n`);
  console.log(`Demo sign-ins (password for all: ${DEMO_PASSWORD}):`);
  for (const account of DEMO_ACCOUNTS) {
    console.log(`  ${account.email.padEnd(width)}  ${account.roleLabel.padEnd(28)} ${account.shouldSee}`);
  }
  console.log('');
}
