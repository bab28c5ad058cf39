import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { ITEM_SHORT_NAME_MAX } from '../../domain/plain-words.js';
import { actorOf } from '../../http/actor.js';
import { MissingVersionError, StaleEditError, submittedVersion } from '../../http/edit-version.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { mayOpenFor } from '../../plugins/access.js';
import { childHeaderView } from '../children/view-models.js';
import { loadItemNameForm, renameItem } from './item-names.js';
import { itemNameForm } from './schemas.js';

interface ItemParams {
  childId: string;
  itemId: string;
}

/** Where the form is, for the links to it (Provision tab, the item's ledger). */
export function itemNamePath(childId: string, itemId: string): string {
  return `/children/${childId}/provision/${itemId}/name`;
}

async function renderForm(
  db: Database,
  request: FastifyRequest<{ Params: ItemParams }>,
  reply: FastifyReply,
  typed?: { shortName: unknown; version: number },
  errors?: ErrorSummaryView,
  statusCode = 400,
) {
  const { summary, item, name, derivedName, version } = await loadItemNameForm(db, actorOf(request), request.params.childId, request.params.itemId);
  const header = childHeaderView(summary, 'provision', mayOpenFor(request), request.server.clock.today());
  return reply.code(errors ? statusCode : 200).view('provision/views/item-name.njk', {
    pageTitle: `Short name for families – ${header.name}`,
    header,
    errors,
    planText: `${item.section}: ${item.description}`,
    derivedName,
    maxLength: ITEM_SHORT_NAME_MAX,
    // What was typed is shown again, at the version now saved when the save was refused as stale.
    value: typed && typeof typed.shortName === 'string' ? typed.shortName : name,
    version: typed?.version ?? version,
    ledgerHref: `/children/${request.params.childId}/provision/${item.id}`,
  });
}

/** The short name families read for a line of the plan in force: LA casework gives it, the plan's wording is untouched. */
export function registerItemNameRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ItemParams }>('/children/:childId/provision/:itemId/name', { config: { access: { permission: 'provision:name', audit: 'VIEW_PROVISION' } } }, async (request, reply) =>
    renderForm(db, request, reply),
  );

  app.post<{ Params: ItemParams }>('/children/:childId/provision/:itemId/name', { config: { access: { permission: 'provision:name', audit: 'RENAME_PROVISION_ITEM' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const version = submittedVersion(body);
    if (version === undefined) throw new MissingVersionError();
    const parsed = itemNameForm.safeParse(body);
    if (!parsed.success) return renderForm(db, request, reply, { shortName: body.shortName, version }, errorSummaryView(fieldErrorsFrom(parsed.error)));
    try {
      await renameItem(db, actorOf(request), request.params.childId, request.params.itemId, parsed.data, version);
    } catch (error) {
      if (error instanceof StaleEditError) return renderForm(db, request, reply, { shortName: body.shortName, version: error.currentVersion }, errorSummaryView(error.fieldErrors), 409);
      throw error;
    }
    return reply.redirect(`/children/${request.params.childId}/provision/${request.params.itemId}?renamed=1`, 303);
  });
}
