import { useCallback, useMemo, useState } from "react";

export interface Shown {
  /** The ids on screen, in screen order. */
  ids: string[];
  /** Ids the server has that would land above rows already shown: waiting behind "N new — show". */
  held: string[];
}

/**
 * What the list shows after fresh data arrives, so it never moves under the reader (UI.md).
 * At the top everything shows in the server's order. Scrolled down, the rows on screen keep their
 * places (content updated, rows gone from the server removed), a next page appends below, and rows
 * that would appear above the last shown row are held back until "show" or the top.
 */
export function mergeShown(shown: readonly string[], fresh: readonly string[], atTop: boolean): Shown {
  if (atTop || shown.length === 0) return { ids: [...fresh], held: [] };
  const freshIndex = new Map(fresh.map((id, i) => [id, i]));
  const kept = shown.filter((id) => freshIndex.has(id));
  if (kept.length === 0) return { ids: [...fresh], held: [] };
  const keptSet = new Set(kept);
  const last = Math.max(...kept.map((id) => freshIndex.get(id)!));
  const ids = [...kept];
  const held: string[] = [];
  fresh.forEach((id, i) => {
    if (keptSet.has(id)) return;
    if (i > last) ids.push(id);
    else held.push(id);
  });
  return { ids, held };
}

interface State {
  fresh: readonly { id: string }[];
  atTop: boolean;
  resetKey: string;
  shown: Shown;
}

/**
 * The list as the reader sees it: `items` in stable order, `newCount` rows waiting, `showNew()` to
 * take them in (the caller scrolls to the top). `resetKey` (the view and its filters) starts over.
 */
export function useStableList<T extends { id: string }>(fresh: readonly T[], atTop: boolean, resetKey: string) {
  const [state, setState] = useState<State>(() => ({ fresh, atTop, resetKey, shown: mergeShown([], fresh.map((c) => c.id), true) }));
  let current = state;
  if (state.fresh !== fresh || state.atTop !== atTop || state.resetKey !== resetKey) {
    // Derived from the previous render's rows (React's "adjusting state while rendering" pattern).
    const ids = fresh.map((c) => c.id);
    const shown = state.resetKey !== resetKey ? mergeShown([], ids, true) : mergeShown(state.shown.ids, ids, atTop);
    current = { fresh, atTop, resetKey, shown };
    setState(current);
  }
  const byId = useMemo(() => new Map(fresh.map((c) => [c.id, c])), [fresh]);
  const items = useMemo(() => current.shown.ids.map((id) => byId.get(id)).filter((c): c is T => !!c), [current.shown, byId]);
  const showNew = useCallback(
    () => setState((s) => ({ ...s, shown: { ids: s.fresh.map((c) => c.id), held: [] } })),
    [],
  );
  return { items, newCount: current.shown.held.length, showNew };
}
