import type { z } from 'zod';
import type { FieldError } from './errors.js';

/** Zod issues as field errors, the first message per field, in form order. */
export function fieldErrorsFrom(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const fieldErrors: FieldError[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || 'form';
    if (seen.has(path)) continue;
    seen.add(path);
    fieldErrors.push({ path, message: issue.message });
  }
  return fieldErrors;
}

/** The shape GOV.UK's error summary and each field's errorMessage take. */
export interface ErrorSummaryView {
  errorList: { text: string; href: string }[];
  byField: Record<string, { text: string }>;
}

export function errorSummaryView(fieldErrors: FieldError[]): ErrorSummaryView {
  return {
    errorList: fieldErrors.map((error) => ({ text: error.message, href: `#${error.path}` })),
    byField: Object.fromEntries(fieldErrors.map((error) => [error.path, { text: error.message }])),
  };
}
