import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client";
import type { Contact } from "./api";
import { changesOf, ContactForm } from "./ContactForm";

const carla: Contact = {
  id: "k1",
  name: "Carla Customer",
  phone: "+15550102000",
  email: null,
  externalId: null,
  optedOut: false,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

describe("contact edit form", { timeout: 20_000 }, () => {
  it("shows the server's own message next to each field it refused, and keeps what was typed", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi.fn().mockRejectedValue(
      new ApiError(400, { title: "One or more validation errors occurred.", errors: { phone: ["'phone' is not a phone number."], email: ["'email' is not an email address."] } }),
    );
    const onDone = vi.fn();
    render(<ContactForm contact={carla} onSave={onSave} onDone={onDone} />);

    const phone = screen.getByLabelText("Phone");
    await user.clear(phone);
    await user.type(phone, "call me maybe");
    await user.type(screen.getByLabelText("Email"), "carla@");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(onSave).toHaveBeenCalledWith({ phone: "call me maybe", email: "carla@" });
    // The refusal arrives after the click resolves (a rejected promise, then a render).
    await waitFor(() => expect(phone).toHaveAttribute("aria-invalid", "true"));
    expect(phone).toHaveAccessibleDescription("'phone' is not a phone number.");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("'email' is not an email address.");
    expect(screen.getByLabelText("Name")).not.toHaveAttribute("aria-invalid");
    expect(phone).toHaveValue("call me maybe");
    expect(onDone).not.toHaveBeenCalled();
  });

  it("says what went wrong when the refusal is not about one field", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi.fn().mockRejectedValue(new ApiError(409, { title: "A contact with this phone number already exists." }));
    render(<ContactForm contact={carla} onSave={onSave} onDone={() => undefined} />);
    await user.clear(screen.getByLabelText("Phone"));
    await user.type(screen.getByLabelText("Phone"), "+1 555 010 3000");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByRole("alert")).toHaveTextContent("A contact with this phone number already exists.");
  });

  it("saves an unknown sender as a contact by name only, and closes after a save", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi.fn().mockResolvedValue({});
    const onDone = vi.fn();
    render(<ContactForm contact={{ ...carla, name: null }} onSave={onSave} onDone={onDone} nameOnly />);
    expect(screen.queryByLabelText("Phone")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save as contact" })).toBeDisabled();
    await user.type(screen.getByLabelText("Name"), "  Dora Doe ");
    await user.click(screen.getByRole("button", { name: "Save as contact" }));
    expect(onSave).toHaveBeenCalledWith({ name: "Dora Doe" });
    expect(onDone).toHaveBeenCalled();
  });

  it("sends only what changed; an emptied field is sent as \"\" (the API's clear)", () => {
    expect(changesOf(carla, { name: "Carla Customer", phone: "", email: "c@x.test", externalId: "", optedOut: true })).toEqual({ phone: "", email: "c@x.test", optedOut: true });
  });
});
