// Stands in for react-style-singleton (used by Radix's scroll lock, react-remove-scroll): it injects
// <style> elements at runtime, which the server's Content-Security-Policy (style-src 'self') refuses.
// The one rule that matters, the page not scrolling under an open dialog, ships in styles.css
// (body[data-scroll-locked]); the scrollbar-gap padding it would add is not worth an unsafe-inline.
export const styleSingleton = () => () => null;
export const styleHookSingleton = () => () => undefined;
export const stylesheetSingleton = () => ({ add: () => undefined, remove: () => undefined });
