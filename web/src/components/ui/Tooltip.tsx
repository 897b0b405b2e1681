import * as RadixTooltip from "@radix-ui/react-tooltip";
import { cloneElement, useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type HTMLAttributes, type PointerEvent, type ReactElement, type ReactNode, type Ref } from "react";

export const TooltipProvider = ({ children }: { children: ReactNode }) => (
  <RadixTooltip.Provider delayDuration={300} skipDelayDuration={100}>
    {children}
  </RadixTooltip.Provider>
);

/** Hover or focus text; the trigger keeps its own accessible name (aria-label), this only adds. */
export function Tooltip({ content, children, side = "top" }: { content: ReactNode; children: ReactNode; side?: "top" | "bottom" | "left" | "right" }) {
  if (!content) return <>{children}</>;
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content className="tooltip" side={side} sideOffset={4}>
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}

type LazyChild = ReactElement<HTMLAttributes<HTMLElement> & { ref?: Ref<HTMLElement> }>;

/**
 * Tooltip for long lists (the timeline): until the trigger is hovered or focused it is just the
 * child, with no Radix root, popper or listeners (hundreds of those cost ~0.5 s on a 200-message
 * conversation). The child must be one DOM element that accepts focus and pointer handlers, and
 * not a button: the first focus remounts it, which would swallow the click that focused it.
 */
export function LazyTooltip({ content, children, side = "top" }: { content: ReactNode; children: LazyChild; side?: "top" | "bottom" | "left" | "right" }) {
  const [mode, setMode] = useState<"hover" | "focus" | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  if (!content) return children;
  if (mode) return <ActiveTooltip content={content} side={side} focus={mode === "focus"}>{children}</ActiveTooltip>;
  const own = children.props;
  return cloneElement(children, {
    onPointerEnter: (e: PointerEvent<HTMLElement>) => {
      own.onPointerEnter?.(e);
      // The same delay as the provider's before a hover shows anything.
      if (e.pointerType !== "touch") timer.current = window.setTimeout(() => setMode("hover"), 300);
    },
    onPointerLeave: (e: PointerEvent<HTMLElement>) => {
      own.onPointerLeave?.(e);
      window.clearTimeout(timer.current);
    },
    onFocus: (e: FocusEvent<HTMLElement>) => {
      own.onFocus?.(e);
      setMode("focus");
    },
  });
}

function ActiveTooltip({ content, side, focus, children }: { content: ReactNode; side: "top" | "bottom" | "left" | "right"; focus: boolean; children: LazyChild }) {
  const [open, setOpen] = useState(true);
  const trigger = useRef<HTMLButtonElement>(null); // asChild: whatever element the child is
  const bubble = useRef<HTMLDivElement>(null);
  // Mounting the root replaced the focused element with an equal one: give it the focus back.
  useLayoutEffect(() => {
    if (focus) trigger.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  // The element under the pointer was replaced too, so its pointerleave may never come: watch the pointer.
  useEffect(() => {
    if (!open) return;
    const move = (e: globalThis.PointerEvent) => {
      const target = e.target as Node | null;
      if (!target || trigger.current?.contains(target) || bubble.current?.contains(target)) return;
      if (document.activeElement === trigger.current) return;
      setOpen(false);
    };
    document.addEventListener("pointermove", move);
    return () => document.removeEventListener("pointermove", move);
  }, [open]);
  return (
    <RadixTooltip.Root open={open} onOpenChange={setOpen}>
      <RadixTooltip.Trigger asChild ref={trigger}>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content ref={bubble} className="tooltip" side={side} sideOffset={4}>
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}
