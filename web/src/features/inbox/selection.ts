import { useCallback, useMemo, useState } from "react";

export interface Selection {
  selected: ReadonlySet<string>;
  anchor: string | null;
}

/**
 * One click on a row's checkbox. A plain click flips that row and makes it the anchor; Shift+click
 * gives every row from the anchor to this one the state this row takes (as mail clients do).
 */
export function toggleSelection(state: Selection, id: string, order: readonly string[], range: boolean): Selection {
  const selected = new Set(state.selected);
  const on = !selected.has(id);
  const from = range && state.anchor ? order.indexOf(state.anchor) : -1;
  const to = order.indexOf(id);
  if (from >= 0 && to >= 0) {
    order.slice(Math.min(from, to), Math.max(from, to) + 1).forEach((x) => (on ? selected.add(x) : selected.delete(x)));
  } else if (on) selected.add(id);
  else selected.delete(id);
  return { selected, anchor: id };
}

/** Multi-select over the rows shown; rows that left the list leave the selection too. */
export function useSelection(order: readonly string[]) {
  const [state, setState] = useState<Selection>({ selected: new Set(), anchor: null });
  const visible = useMemo(() => {
    const ids = new Set(order);
    return new Set([...state.selected].filter((id) => ids.has(id)));
  }, [state.selected, order]);
  const toggle = useCallback((id: string, range: boolean) => setState((s) => toggleSelection(s, id, order, range)), [order]);
  const clear = useCallback(() => setState({ selected: new Set(), anchor: null }), []);
  const selectAll = useCallback(() => setState({ selected: new Set(order), anchor: null }), [order]);
  return { selected: visible as ReadonlySet<string>, toggle, clear, selectAll };
}
