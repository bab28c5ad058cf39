import fastifyPlugin from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { conflictFrom } from '../db/unique-violations.js';
import { ForbiddenError, ValidationError } from '../http/errors.js';
import { PERMISSION_PURPOSES, rolesWith, type Permission } from '../auth/permissions.js';
import { ROLE_LABELS } from '../auth/roles.js';
import { isApiRequest } from './access.js';

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
  /** For a page refused by its permission: what it is for, the roles that can open it, and who to ask. */
  purpose?: string;
  whoCanOpen?: string[];
  whoToAsk?: string;
}

function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function refusedByPermission(permission: Permission): Problem {
  const roles = rolesWith(permission).map((role) => ROLE_LABELS[role]);
  return {
    status: 403,
    title: 'You cannot open this page',
    detail: `${PERMISSION_PURPOSES[permission]} It can be opened by: ${listInWords(roles)}. If you need it for your work, ask your LA administrator.`,
    purpose: PERMISSION_PURPOSES[permission],
    whoCanOpen: roles,
    whoToAsk: 'If you need this page for your work, ask your LA administrator.',
  };
}

/** What a user sees for each failure: a clear page or an application/problem+json body, never a stack trace. */
function problemFor(error: FastifyError): Problem {
  if (error instanceof ForbiddenError && error.permission) return refusedByPermission(error.permission);
  if (error instanceof ValidationError) {
    return { status: 400, title: 'There is a problem', detail: 'Some values are not valid.', errors: error.fieldErrors };
  }
  const conflict = conflictFrom(error);
  if (conflict) return { status: 409, title: 'Your change was not saved', detail: conflict.message };
  switch (error.code) {
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return {
        status: 403,
        title: 'Your form could not be sent',
        detail: 'The page had expired or was opened in another session. Go back, refresh the page and try again. Nothing was saved.',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, title: 'What you sent is too large', detail: 'Nothing was saved. Send less at once and try again.' };
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, title: 'The file is too large', detail: 'Nothing was imported. Split the file into smaller ones and upload each.' };
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, title: 'Upload one file at a time', detail: 'Nothing was imported. Go back and choose a single CSV file.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, title: 'Unsupported content type', detail: 'Send a form or JSON.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, title: 'The JSON is not valid', detail: error.message };
  }
  const status = error.statusCode ?? 500;
  if (status === 404) return { status, title: 'Page not found', detail: 'If you typed the web address, check it is correct.' };
  if (status === 403) return { status, title: 'You do not have access to this page', detail: error.message };
  if (status === 400 && error.validation) return { status, title: 'There is a problem', detail: error.message };
  if (status >= 400 && status < 500) return { status, title: 'There is a problem', detail: error.message };
  return { status: 500, title: 'Sorry, there is a problem with the service', detail: 'Try again later. Nothing you sent has been half-saved.' };
}

export default fastifyPlugin(
  async (app) => {
    app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem = problemFor(error);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: error.code, status: problem.status }, problem.title);
      return sendProblem(request, reply, problem);
    });

    app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
      return sendProblem(request, reply, {
        status: 404,
        title: 'Page not found',
        detail: 'If you typed the web address, check it is correct.',
      });
    });
  },
  { name: 'openehcp-errors' },
);

async function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  reply.code(problem.status);
  if (isApiRequest(request) || (!request.headers.accept?.includes('html') && request.headers.accept?.includes('json'))) {
    return reply.type('application/problem+json').send({ type: 'about:blank', ...problem });
  }
  return reply.view('error.njk', {
    pageTitle: problem.title,
    problem,
    principal: request.principal,
    laName: request.laName,
  });
}
