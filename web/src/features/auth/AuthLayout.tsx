import type { ReactNode } from "react";
import { Logo } from "../../components/ui/Logo";

/** The frame of the signed-out pages: one centred card on a quiet background. */
export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle?: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <Logo size={28} />
          <span>Parley</span>
        </div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted auth-sub">{subtitle}</p> : null}
        {children}
      </div>
      {footer ? <div className="auth-footer">{footer}</div> : null}
    </main>
  );
}
