import { forwardRef, type ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";
type Size = "sm" | "md";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: Size;
  icon?: boolean;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = "secondary", size = "md", icon = false, className, type = "button", ...rest },
  ref,
) {
  const classes = ["btn", `btn-${variant}`, `btn-${size}`, icon ? "btn-icon" : "", className ?? ""].filter(Boolean).join(" ");
  return <button ref={ref} type={type} className={classes} {...rest} />;
});
