import { z } from 'zod';
import { isAudience } from '../../domain/audience.js';

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${String(max)} characters or fewer`)
    .default('');

/** A person or organisation involved with the child who does not use the system (a GP, a social worker). */
export const addContactForm = z
  .object({
    name: text(200, 'Name').refine((value) => value !== '', 'Enter the name of the person or team'),
    organisationName: text(200, 'Organisation'),
    role: text(200, 'Role').refine((value) => value !== '', 'Enter their role, like GP or social worker'),
    email: text(320, 'Email address').refine((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'Enter an email address in the correct format, like name@example.com'),
    phone: text(30, 'Phone number').refine((value) => value === '' || /^[+\d][\d ()-]{5,}$/.test(value), 'Enter a phone number, like 01632 960 001 or +44 808 157 0192'),
    audience: z.string().default('').refine(isAudience, 'Select who can see these contact details'),
  })
  .transform((form) => ({
    name: form.name,
    organisationName: form.organisationName || null,
    role: form.role,
    email: form.email || null,
    phone: form.phone || null,
    audience: form.audience,
  }));

export type AddContact = z.output<typeof addContactForm>;
