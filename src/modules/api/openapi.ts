import { MISSED_REASONS } from '../../domain/delivery.js';
import { SEN_TYPES } from '../../domain/plans.js';
import { paths } from '../../http/paths.js';

const deliveryRecord = {
  type: 'object',
  required: ['itemId', 'date', 'status', 'minutes'],
  properties: {
    itemId: { type: 'string', format: 'uuid', description: 'A provision item of a child the key holder may record for (see /provision-items)' },
    date: { type: 'string', format: 'date', description: 'The session, or the first day of a weekly total; today or earlier, within the item’s life' },
    periodEnd: { type: ['string', 'null'], format: 'date', description: 'Last day of a weekly total, in the same week; omit for a single session' },
    status: { type: 'string', enum: ['delivered', 'missed'] },
    sessions: { type: 'integer', minimum: 1, maximum: 50, default: 1 },
    minutes: { type: 'integer', minimum: 1, description: 'At most 600 for a day, 3,000 for a week' },
    missedReason: { type: 'string', enum: Object.keys(MISSED_REASONS), description: 'Required when missed; not allowed when delivered' },
    madeUp: { type: 'boolean', default: false, description: 'A delivered session that makes up time missed earlier' },
    correctsId: { type: ['string', 'null'], format: 'uuid', description: 'The id of an earlier record this one replaces (records are never overwritten)' },
    session: {
      type: ['string', 'null'],
      maxLength: 40,
      description:
        'Only for another session of the same item on the same day (or week) with the same status and minutes, e.g. "2". Without it such a record is the same session sent again (by this API or a CSV): answered with the earlier record\'s id and alreadyRecorded: true, and not counted twice.',
    },
  },
};

const provisionItemView = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    section: { type: 'string' },
    description: { type: 'string' },
    providerKind: { type: 'string' },
    provider: { type: ['string', 'null'] },
    minutesPerSession: { type: ['integer', 'null'] },
  },
};

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

const API_BASE = '/api/v1';

/** A route's pattern as the spec writes it: under the server's base, `{childId}` for `:childId`. */
function specPath(path: { pattern: string }): string {
  return path.pattern.slice(API_BASE.length).replace(/:([A-Za-z]+)/g, '{$1}');
}

/** The OpenAPI description of /api/v1, served at /api/v1/openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'OpenEHCP API',
    version: '1.0.0',
    description: 'JSON API for SEND casework. Every response is limited to the children the caller may see; a child outside that scope answers 404.',
  },
  servers: [{ url: API_BASE }],
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'openehcp_session' },
      // Issued by the LA's administrators to school and provider users; acts with that user's scope.
      apiKey: { type: 'http', scheme: 'bearer', description: `An API key (oehcp_…) issued by the LA at ${paths.admin.apiKeys()}` },
    },
    responses: { Problem: problem },
  },
  security: [{ session: [] }, { apiKey: [] }],
  paths: {
    [specPath(paths.api.children)]: {
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
    [specPath(paths.api.child)]: {
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
    [specPath(paths.api.childProvision)]: {
      get: {
        summary: "The provision items of a child's plan in force, and whether the caller may record against each",
        parameters: [{ name: 'childId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': {
            description: 'The items',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { childId: { type: 'string' }, items: { type: 'array', items: { allOf: [provisionItemView, { type: 'object', properties: { recordable: { type: 'boolean' } } }] } } },
                },
              },
            },
          },
          '401': { $ref: '#/components/responses/Problem' },
          '404': { $ref: '#/components/responses/Problem' },
        },
      },
    },
    [specPath(paths.api.provisionItems)]: {
      get: {
        summary: 'Every provision item a school or provider may record against, with its child (not for LA-wide roles)',
        responses: {
          '200': { description: 'The items, by child' },
          '401': { $ref: '#/components/responses/Problem' },
          '403': { $ref: '#/components/responses/Problem' },
        },
      },
    },
    [specPath(paths.api.deliveries)]: {
      post: {
        summary: 'Record provision delivered or missed: the whole batch or nothing',
        description:
          'Needs an API key. Every record is checked first (schema, the item in the caller’s scope, dates, repeats, corrections); any problem rejects the batch with a problem listing each as records.<index>.<field>. Retrying with the same Idempotency-Key and body replays the first answer without storing anything again; the same key with another body is refused with 422; the same body under a new key is refused with 409.',
        security: [{ apiKey: [] }],
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 255 },
            description: 'New for each batch, the same when retrying it (a UUID works well)',
          },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['records'], properties: { records: { type: 'array', minItems: 1, maxItems: 10000, items: deliveryRecord } } } } },
        },
        responses: {
          '201': {
            description: 'Stored. A replay carries the header Idempotent-Replayed: true.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    importId: { type: 'string', format: 'uuid' },
                    recorded: { type: 'integer' },
                    alreadyRecorded: { type: 'integer', description: 'How many records were recorded before and not counted again' },
                    records: {
                      type: 'array',
                      items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, itemId: { type: 'string', format: 'uuid' }, alreadyRecorded: { type: 'boolean' } } },
                    },
                  },
                },
              },
            },
          },
          '400': { $ref: '#/components/responses/Problem' },
          '401': { $ref: '#/components/responses/Problem' },
          '403': { $ref: '#/components/responses/Problem' },
          '409': { $ref: '#/components/responses/Problem' },
          '413': { $ref: '#/components/responses/Problem' },
          '422': { $ref: '#/components/responses/Problem' },
        },
      },
    },
  },
} as const;
