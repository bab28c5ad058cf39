import { SEN_TYPES } from '../../domain/plans.js';

const problem = {
  description: 'A problem, as RFC 9457 application/problem+json',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
    },
  },
};

/** The OpenAPI description of /api/v1, served at /api/v1/openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'OpenEHCP API',
    version: '1.0.0',
    description:
      'JSON API for SEND casework. Every response is limited to the children the caller may see; a child outside that scope answers 404.',
  },
  servers: [{ url: '/api/v1' }],
  components: {
    securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'openehcp_session' } },
    responses: { Problem: problem },
  },
  security: [{ session: [] }],
  paths: {
    '/children': {
      get: {
        summary: 'List the children the caller may see',
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'Name prefix or UPN' },
          { name: 'need', in: 'query', schema: { type: 'string', enum: Object.keys(SEN_TYPES) } },
          { name: 'placement', in: 'query', schema: { type: 'string', enum: ['mainstream', 'special', 'ap', 'post16', 'early_years', 'elsewhere'] } },
          { name: 'review', in: 'query', schema: { type: 'string', enum: ['overdue', 'due_soon'] } },
          { name: 'sort', in: 'query', schema: { type: 'string', enum: ['name', 'review', 'age'] } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': { description: 'A page of children (25 a page)' },
          '400': { $ref: '#/components/responses/Problem' },
          '401': { $ref: '#/components/responses/Problem' },
        },
      },
    },
    '/children/{childId}': {
      get: {
        summary: "A child's record summary",
        parameters: [{ name: 'childId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'The child' },
          '401': { $ref: '#/components/responses/Problem' },
          '404': { $ref: '#/components/responses/Problem' },
        },
      },
    },
  },
} as const;
