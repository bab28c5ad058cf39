import { ITEM_SHORT_NAME_MAX } from '../../domain/plain-words.js';
import { MissingVersionError, submittedVersion } from '../../http/edit-version.js';
import { paths } from '../../http/paths.js';
import { form, page, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { loadItemNameForm, renameItem } from './item-names.js';
import { itemNameForm } from './schemas.js';

const namePage = page({
  permission: 'provision:name',
  audit: 'VIEW_PROVISION',
  path: paths.provision.itemName,
  async render(context, refused) {
    const { childId, itemId } = context.params;
    const { summary, item, name, derivedName, version } = await loadItemNameForm(context.db, context.actor, childId, itemId);
    const header = childHeaderView(summary, 'provision', (path) => context.mayOpen(path), context.actor.clock.today());
    const typed = refused?.values.shortName;
    return context.reply.view('provision/views/item-name.njk', {
      pageTitle: `Short name for families – ${header.name}`,
      header,
      errors: refused?.errors,
      planText: item.description,
      derivedName,
      maxLength: ITEM_SHORT_NAME_MAX,
      // What was typed is shown again, at the version now saved when the save was refused as stale.
      value: refused && typeof typed === 'string' ? typed : name,
      version: (refused && submittedVersion(refused.values)) ?? version,
      ledgerHref: paths.provision.item({ childId, itemId: item.id }),
    });
  },
});

/** The short name families read for a line of the plan in force: LA casework gives it, the plan's wording is untouched. */
export const itemNameRoutes: RouteEntry[] = [
  namePage,
  form({
    permission: 'provision:name',
    audit: 'RENAME_PROVISION_ITEM',
    path: paths.provision.itemName,
    body: itemNameForm,
    page: namePage,
    async submit(context, input) {
      const { childId, itemId } = context.params;
      const version = submittedVersion(context.request.body as Record<string, unknown>);
      if (version === undefined) throw new MissingVersionError();
      await renameItem(context.db, context.actor, childId, itemId, input, version);
      return context.reply.redirect(paths.provision.item({ childId, itemId }, { renamed: 1 }), 303);
    },
  }),
];
