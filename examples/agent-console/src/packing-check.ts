import type { OrderLine, Shipment } from '@kefu/protocol';

/** One line of the order set against what the warehouse packed for it, across all parcels. */
export interface PackingLine {
  title: string;
  sku?: string;
  ordered: number;
  packed: number;
  /** `short`: fewer packed than ordered (a missing item); `extra`: more, or not in the order at all. */
  state: 'ok' | 'short' | 'extra';
}

/**
 * What was ordered against what was packed: lines match by `sku` when both sides have one, else
 * by title. A packed line the order does not have is listed too, ordered 0.
 * @example
 * packingCheck([{ title: 'Tee', quantity: 2 }], [{ packed: [{ title: 'Tee', quantity: 1 }], scans: [] }]);
 * // [{ title: 'Tee', ordered: 2, packed: 1, state: 'short' }]
 */
export function packingCheck(items: readonly OrderLine[], shipments: readonly Shipment[]): PackingLine[] {
  const rows: Omit<PackingLine, 'state'>[] = [];
  const find = (line: OrderLine) =>
    rows.find((r) => (line.sku && r.sku ? r.sku === line.sku : r.title === line.title));
  const add = (line: OrderLine, side: 'ordered' | 'packed') => {
    let row = find(line);
    if (!row) {
      row = { title: line.title, ...(line.sku ? { sku: line.sku } : {}), ordered: 0, packed: 0 };
      rows.push(row);
    }
    row[side] += line.quantity;
  };
  for (const item of items) add(item, 'ordered');
  for (const shipment of shipments) for (const line of shipment.packed) add(line, 'packed');
  return rows.map((r) => ({
    ...r,
    state: r.packed < r.ordered ? 'short' : r.packed > r.ordered ? 'extra' : 'ok',
  }));
}
