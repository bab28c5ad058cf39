import { z } from 'zod';
import { mayRecordAgainst } from '../../auth/permissions.js';
import { formatDateTime } from '../../domain/formatting.js';
import { ForbiddenError, ValidationError } from '../../http/errors.js';
import { paths } from '../../http/paths.js';
import { handler, type RouteEntry } from '../../http/route-table.js';
import { fieldErrorsFrom } from '../../http/validation.js';
import { openChildRecord } from '../children/service.js';
import { deliveryRecordSchema, AlreadyImportedError } from '../provision/recording.js';
import { findCurrentItems } from '../provision/repository.js';
import { importApiBatch, recordableItems } from './service.js';

/** Records in one API request: big enough for a provider's week, small enough to answer promptly. */
const MAX_API_RECORDS = 10_000;
const MAX_API_BODY_BYTES = 4 * 1024 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const batchSchema = z.object({
  records: z
    .array(deliveryRecordSchema)
    .min(1, 'Send at least one record')
    .max(MAX_API_RECORDS, `Send at most ${String(MAX_API_RECORDS)} records a request`),
});

function itemView(item: { id: string; section: string; description: string; providerKind: string; organisationName: string | null; minutesPerSession: number | null }) {
  return { id: item.id, section: item.section, description: item.description, providerKind: item.providerKind, provider: item.organisationName, minutesPerSession: item.minutesPerSession };
}

/** Delivery records from schools' and providers' systems, and the item ids those systems need. */
export const deliveryApiRoutes: RouteEntry[] = [
  handler({
    permission: 'provision:record',
    audit: 'IMPORT_PROVISION_DELIVERY',
    method: 'POST',
    path: paths.api.deliveries,
    // A full batch of 10,000 records is about 2 MB of JSON: more than the app's 1 MB default.
    bodyLimit: MAX_API_BODY_BYTES,
    async handle({ db, actor, request, reply }) {
      // Idempotent replays are kept per key, so a signed-in person's cookie cannot be used here.
      if (!actor.apiKeyId) throw new ForbiddenError('Sending delivery records to the API needs an API key (Authorization: Bearer <key>). To record by hand, use the provision pages.');
      const idempotencyKey = request.headers['idempotency-key'];
      if (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new ValidationError([
          { path: 'Idempotency-Key', message: 'Send an Idempotency-Key header (1 to 255 visible characters, such as a UUID), new for each batch and the same when you retry it.' },
        ]);
      }
      const parsed = batchSchema.safeParse(request.body);
      if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
      try {
        const result = await importApiBatch(db, { ...actor, apiKeyId: actor.apiKeyId }, idempotencyKey, request.body, parsed.data.records);
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return await reply.code(result.status).send(result.body);
      } catch (error) {
        if (error instanceof AlreadyImportedError) {
          return reply
            .code(409)
            .type('application/problem+json')
            .send({
              type: 'about:blank',
              title: 'These records were sent before',
              status: 409,
              detail: `The same batch was recorded on ${formatDateTime(error.previous.importedAt)} (import ${error.previous.id}, ${String(error.previous.recordCount)} records) with another Idempotency-Key. Nothing was stored again.`,
              importId: error.previous.id,
            });
        }
        throw error;
      }
    },
  }),
  handler({
    permission: 'child:view',
    audit: 'VIEW_PROVISION',
    method: 'GET',
    path: paths.api.childProvision,
    async handle({ db, actor, params }) {
      await openChildRecord(db, actor, params.childId);
      const items = await findCurrentItems(db, actor.principal.laId, params.childId);
      return { childId: params.childId, items: items.map((item) => ({ ...itemView(item), recordable: mayRecordAgainst(actor.principal, item) })) };
    },
  }),
  handler({
    permission: 'provision:record',
    audit: 'VIEW_PROVISION',
    method: 'GET',
    path: paths.api.provisionItems,
    async handle({ db, actor }) {
      const items = await recordableItems(db, actor);
      return {
        items: items.map((item) => ({
          ...itemView(item),
          child: { id: item.childId, forename: item.forename, surname: item.surname, upn: item.upn },
          startDate: item.startDate,
          endDate: item.endDate,
        })),
      };
    },
  }),
];
