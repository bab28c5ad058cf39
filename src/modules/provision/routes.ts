import { MISSED_REASONS } from '../../domain/delivery.js';
import { itemTitle } from '../../domain/plain-words.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { correctionRoutes } from './correction-routes.js';
import { itemNameRoutes } from './item-name-routes.js';
import { itemLedgerRoutes } from './ledger-routes.js';
import { recordDeliveryForm } from './schemas.js';
import { loadRecordForm, recordDelivery } from './service.js';
import { weekGridRoutes } from './week-routes.js';

async function renderForm(context: RouteContext<{ childId: string }>, refused?: FormState) {
  const values = refused?.values ?? { status: 'delivered' };
  const { summary, items } = await loadRecordForm(context.db, context.actor, context.params.childId);
  const header = childHeaderView(summary, 'provision', (path) => context.mayOpen(path), context.actor.clock.today());
  return context.reply.view('provision/views/record.njk', {
    pageTitle: `Record a session – ${header.name}`,
    header,
    errors: refused?.errors,
    values,
    itemItems: items.map((item) => ({
      value: item.id,
      text: itemTitle(item),
      // The plan's own wording beside the name, so two lines with the same name can be told apart.
      hint: { text: `${item.organisationName ?? 'Provided by the school or setting'}. The plan says: “${item.description}”` },
      checked: values.itemId === item.id,
    })),
    reasonItems: [{ value: '', text: 'Select a reason' }, ...Object.entries(MISSED_REASONS).map(([value, text]) => ({ value, text, selected: values.missedReason === value }))],
  });
}

const recordPage = page({ permission: 'provision:record', audit: 'VIEW_PROVISION', path: paths.provision.record, render: renderForm });

/** Recording provision delivered or missed, session by session, by the people who deliver it. */
const recordingRoutes: RouteEntry[] = [
  recordPage,
  form({
    permission: 'provision:record',
    audit: 'RECORD_PROVISION_DELIVERY',
    path: paths.provision.record,
    body: recordDeliveryForm,
    page: recordPage,
    async submit(context, input) {
      await recordDelivery(context.db, context.actor, context.params.childId, input);
      return context.reply.redirect(paths.child.provision({ childId: context.params.childId }, { recorded: 1 }), 303);
    },
  }),
];

/** Everything about provision delivered: recording, the ledger, the week grid, corrections and short names. */
export const provisionRoutes: RouteEntry[] = [...recordingRoutes, ...itemLedgerRoutes, ...weekGridRoutes, ...correctionRoutes, ...itemNameRoutes];
