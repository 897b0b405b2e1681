import { useCallback, useState } from "react";

const KEY = "parley.notifications";

export const notificationsSupported = () => typeof window !== "undefined" && "Notification" in window;

/** On when the person turned it on here and the browser still allows it. */
export function notificationsOn(): boolean {
  return notificationsSupported() && localStorage.getItem(KEY) === "1" && Notification.permission === "granted";
}

export type NotificationToggle = "on" | "off" | "blocked" | "unsupported";

/** The "Desktop notifications" switch of the rail's user menu; asks the browser the first time. */
export function useDesktopNotifications() {
  const [on, setOn] = useState(notificationsOn);
  const toggle = useCallback(async (): Promise<NotificationToggle> => {
    if (!notificationsSupported()) return "unsupported";
    if (on) {
      localStorage.setItem(KEY, "0");
      setOn(false);
      return "off";
    }
    const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
    if (permission !== "granted") {
      localStorage.setItem(KEY, "0");
      setOn(false);
      return "blocked";
    }
    localStorage.setItem(KEY, "1");
    setOn(true);
    return "on";
  }, [on]);
  return { on, supported: notificationsSupported(), toggle };
}

/** The fields of a live event that decide a notification (LiveEvent on the server). */
export interface MessageNotice {
  conversationId?: string;
  assigneeId?: string | null;
  data?: { direction?: string; kind?: string } | null;
}

export const isCustomerMessage = (n: MessageNotice) => n.data?.direction === "In" && (n.data?.kind ?? "Message") === "Message";

/** A customer's new message in a conversation that is mine or nobody's, while the tab is not looked at. */
export function shouldNotify(n: MessageNotice, meId: string | undefined, hidden: boolean, on: boolean): boolean {
  return on && hidden && !!n.conversationId && isCustomerMessage(n) && (n.assigneeId == null || n.assigneeId === meId);
}

/** The contact's name only: no message text on a lock screen. */
export function showNotification(name: string, conversationId: string, onClick: () => void) {
  try {
    const n = new Notification(name, { body: "New message", tag: `parley-${conversationId}`, icon: "/favicon.svg" });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    /* Some browsers (Android Chrome) allow notifications only from a service worker: skip quietly. */
  }
}
