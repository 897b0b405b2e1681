import * as Dropdown from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";

export const Menu = Dropdown.Root;
export const MenuTrigger = Dropdown.Trigger;

export function MenuContent({ children, align = "end" }: { children: ReactNode; align?: "start" | "end" }) {
  return (
    <Dropdown.Portal>
      <Dropdown.Content className="menu" align={align} sideOffset={4}>
        {children}
      </Dropdown.Content>
    </Dropdown.Portal>
  );
}

export function MenuItem({ children, onSelect, danger, disabled, shortcut }: { children: ReactNode; onSelect: () => void; danger?: boolean; disabled?: boolean; shortcut?: string }) {
  return (
    <Dropdown.Item className={`menu-item${danger ? " menu-item-danger" : ""}`} onSelect={onSelect} disabled={disabled}>
      {children}
      {shortcut ? <kbd className="menu-kbd">{shortcut}</kbd> : null}
    </Dropdown.Item>
  );
}

export const MenuSeparator = () => <Dropdown.Separator className="menu-sep" />;
export const MenuLabel = ({ children }: { children: ReactNode }) => <Dropdown.Label className="menu-label">{children}</Dropdown.Label>;
