import { Search, X } from "lucide-react";
import { forwardRef, useEffect, useState, type FormEvent } from "react";

/**
 * Name or phone in any format (the API's `q`): Enter or the search icon searches, Esc clears.
 * The "/" hint is for keyboards only (inbox.css hides it on touch screens and at phone width).
 */
export const SearchBox = forwardRef<HTMLInputElement, { value: string; onSearch: (q: string | undefined) => void }>(function SearchBox({ value, onSearch }, ref) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(draft.trim() || undefined);
    // Back to the list's keys (j/k, Enter) once the search has been asked for.
    (e.currentTarget as HTMLFormElement).querySelector("input")?.blur();
  };
  return (
    <form className="search-field list-search" role="search" onSubmit={submit}>
      <button type="submit" className="search-go" aria-label="Search"><Search size={14} aria-hidden="true" /></button>
      <input
        ref={ref}
        type="search"
        aria-label="Search by name or phone"
        placeholder="Search name or phone"
        enterKeyHint="search"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          e.preventDefault();
          setDraft("");
          if (value) onSearch(undefined);
          e.currentTarget.blur();
        }}
      />
      {draft || value ? (
        <button type="button" className="search-clear" aria-label="Clear search" onClick={() => (setDraft(""), value && onSearch(undefined))}><X size={14} aria-hidden="true" /></button>
      ) : (
        <kbd className="search-kbd" aria-hidden="true">/</kbd>
      )}
    </form>
  );
});
