import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import type { IsoDate } from '../../domain/dates.js';

/** One amendment a line went through: the day the new version took effect and what became of the line. */
interface LineAmendment {
  on: IsoDate;
  previousItemId: string;
  /** The line carried on (ledger continuous); otherwise it changed and a new schedule began. */
  carriedOn: boolean;
  /** Only the wording changed: what it said before. */
  rewordedFrom: string | null;
}

/**
 * A line of the plan in force with the lines it carries on from earlier versions. Its ledger is
 * owed from `startsOn` (the first carried line's start) and counts delivery recorded against any
 * of `itemIds`, so an amendment that leaves the line alone leaves its figures alone.
 */
export interface Lineage {
  itemId: string;
  /** The line and every earlier line it carries on, newest first. */
  itemIds: string[];
  startsOn: IsoDate | null;
  /** Oldest first. */
  amendments: LineAmendment[];
  /** The earlier line this one replaced with a new schedule, whose ledger stays on show. */
  replacedItemId: string | null;
}

/** Which lines to read: these items, or every line of a plan in force in the LA that came from an earlier version. */
export type LineageHeads = { itemIds: string[] } | { amendedInForce: true };

interface LinkRow {
  head_id: string;
  item_id: string;
  depth: number;
  previous_item_id: string | null;
  continues_previous: boolean;
  starts_on: string | null;
  issued_date: string | null;
  description: string;
  previous_description: string | null;
}

function headCondition(laId: string, heads: LineageHeads): SQL {
  if ('itemIds' in heads)
    return sql`i.la_id = ${laId} and i.id in (${sql.join(
      heads.itemIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`;
  // Only amended lines: at national scale almost every line is in its first version and needs no walk.
  return sql`i.la_id = ${laId} and i.previous_item_id is not null
    and i.plan_version_id in (select p.current_version_id from ehc_plan p where p.la_id = ${laId} and p.status = 'active')`;
}

/**
 * Each line's carried chain, walked backwards by primary key through `previous_item_id` while
 * the line carried on (a handful of steps: one per amendment). A line not returned (with the
 * `amendedInForce` heads) is in its first version: its own ledger is the whole story.
 */
export async function findLineages(db: Database, laId: string, heads: LineageHeads): Promise<Map<string, Lineage>> {
  if ('itemIds' in heads && heads.itemIds.length === 0) return new Map();
  const result = await db.execute(sql`
    with recursive link as (
      select i.id as head_id, i.id as item_id, 0 as depth, i.previous_item_id, i.continues_previous, i.plan_version_id, i.start_date, i.description
      from provision_item i
      where ${headCondition(laId, heads)}
      union all
      select link.head_id, p.id, link.depth + 1, p.previous_item_id, p.continues_previous, p.plan_version_id, p.start_date, p.description
      from link
      join provision_item p on p.id = link.previous_item_id and p.la_id = ${laId}
      where link.continues_previous
    )
    select link.head_id, link.item_id, link.depth, link.previous_item_id, link.continues_previous,
      coalesce(link.start_date, v.issued_date)::text as starts_on, v.issued_date::text as issued_date,
      link.description, previous.description as previous_description
    from link
    join plan_version v on v.id = link.plan_version_id
    left join provision_item previous on previous.id = link.previous_item_id
    order by link.head_id, link.depth`);
  const lineages = new Map<string, Lineage>();
  // Both drivers return the rows; dates are cast to text so they come the same way from each.
  for (const row of (result as { rows: LinkRow[] }).rows) {
    let lineage = lineages.get(row.head_id);
    if (!lineage) {
      lineage = { itemId: row.head_id, itemIds: [], startsOn: null, amendments: [], replacedItemId: null };
      lineages.set(row.head_id, lineage);
    }
    lineage.itemIds.push(row.item_id);
    // Rows come newest first, so the last seen is the first line of the chain.
    lineage.startsOn = row.starts_on;
    lineage.replacedItemId = row.previous_item_id !== null && !row.continues_previous ? row.previous_item_id : null;
    if (row.previous_item_id !== null && row.issued_date !== null) {
      lineage.amendments.unshift({
        on: row.issued_date,
        previousItemId: row.previous_item_id,
        carriedOn: row.continues_previous,
        rewordedFrom: row.continues_previous && row.previous_description !== row.description ? row.previous_description : null,
      });
    }
  }
  return lineages;
}

/** A line's lineage, or the line alone when it is in its first version. */
export function lineageOf(lineages: Map<string, Lineage>, itemId: string, startsOn: IsoDate | null): Lineage {
  return lineages.get(itemId) ?? { itemId, itemIds: [itemId], startsOn, amendments: [], replacedItemId: null };
}
