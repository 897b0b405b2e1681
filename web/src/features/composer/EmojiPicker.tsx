import { Search } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { emojiCategories, type Emoji, type EmojiCategory } from "./emojiData";

const columns = 8;

/** Categories whose emoji match every word of the query (by name or search words). */
export function searchEmoji(query: string, categories: EmojiCategory[] = emojiCategories): EmojiCategory[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return categories;
  return categories
    .map((c) => ({ ...c, emoji: c.emoji.filter((e) => words.every((w) => e.name.toLowerCase().includes(w) || e.keywords.includes(w) || e.char === w)) }))
    .filter((c) => c.emoji.length > 0);
}

/**
 * The emoji grid: a search box, then the categories. Arrows move through the grid (up and down by
 * visual row, each category starting a row), Enter picks, Home/End jump; Esc is the popover's.
 * Only the active emoji is in the tab order, so Tab leaves the grid in one step.
 */
export default function EmojiPicker({ onPick }: { onPick: (emoji: Emoji) => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const searchBox = useRef<HTMLInputElement>(null);
  // The picker arrives after its popover opened (it is loaded on demand): the search box takes the focus then.
  useEffect(() => searchBox.current?.focus(), []);
  const shown = useMemo(() => searchEmoji(query), [query]);
  // The rows as they are drawn: each category starts a new one.
  const rows = useMemo(() => {
    const out: number[][] = [];
    let index = 0;
    for (const c of shown) for (let i = 0; i < c.emoji.length; i += columns) out.push(c.emoji.slice(i, i + columns).map(() => index++));
    return out;
  }, [shown]);
  const flat = useMemo(() => shown.flatMap((c) => c.emoji), [shown]);
  const current = Math.min(active, Math.max(flat.length - 1, 0));

  const focus = (i: number) => {
    setActive(i);
    buttons.current[i]?.focus();
  };
  const move = (i: number, key: string): number | null => {
    const row = rows.findIndex((r) => r.includes(i));
    const col = rows[row].indexOf(i);
    switch (key) {
      case "ArrowRight": return Math.min(i + 1, flat.length - 1);
      case "ArrowLeft": return Math.max(i - 1, 0);
      case "ArrowDown": return row + 1 < rows.length ? rows[row + 1][Math.min(col, rows[row + 1].length - 1)] : i;
      case "ArrowUp": return row > 0 ? rows[row - 1][Math.min(col, rows[row - 1].length - 1)] : -1;
      case "Home": return 0;
      case "End": return flat.length - 1;
      default: return null;
    }
  };
  const onGridKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const to = move(i, e.key);
    if (to === null) return;
    e.preventDefault();
    if (to < 0) searchBox.current?.focus();
    else focus(to);
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" && flat.length > 0) {
      e.preventDefault();
      focus(0);
    } else if (e.key === "Enter" && flat.length > 0) {
      e.preventDefault();
      onPick(flat[0]);
    }
  };

  let index = 0;
  return (
    <div className="emoji-picker">
      <div className="search-field emoji-search">
        <Search size={14} aria-hidden="true" />
        <input
          ref={searchBox}
          type="search"
          aria-label="Search emoji"
          placeholder="Search emoji"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onSearchKey}
          autoComplete="off"
        />
      </div>
      <div className="emoji-scroll">
        {shown.length === 0 ? (
          <p className="muted emoji-empty" role="status">No emoji match “{query}”.</p>
        ) : (
          shown.map((c) => (
            <section key={c.id} className="emoji-category" aria-labelledby={`emoji-cat-${c.id}`}>
              <h3 id={`emoji-cat-${c.id}`} className="emoji-category-title">{c.label}</h3>
              <div className="emoji-grid" role="group" aria-labelledby={`emoji-cat-${c.id}`}>
                {c.emoji.map((e) => {
                  const i = index++;
                  return (
                    <button
                      key={e.char}
                      ref={(el) => { buttons.current[i] = el; }}
                      type="button"
                      className="emoji-cell"
                      tabIndex={i === current ? 0 : -1}
                      aria-label={e.name}
                      title={e.name}
                      onClick={() => onPick(e)}
                      onKeyDown={(ev) => onGridKey(ev, i)}
                      onFocus={() => setActive(i)}
                    >
                      {e.char}
                    </button>
                  );
                })}
              </div>
            </section>
          ))
        )}
      </div>
    </div>
  );
}
