import { FileText, X } from "lucide-react";
import type { KeyboardEvent } from "react";
import { Button } from "../../components/ui/Button";
import type { Template } from "./api";
import { kindLabel } from "./TemplatePicker";
import { previewParts } from "./text";

/**
 * A WhatsApp template about to be sent: one field per {{n}} parameter and the text as the customer
 * will read it, each parameter marked where it lands (an empty one shows its number).
 */
export function TemplateForm({ template, parameters, onChange, onRemove, onKeyDown, parametersError, errorId, removable }: {
  template: Template;
  parameters: string[];
  onChange: (parameters: string[]) => void;
  onRemove: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
  /** The server's message about the parameters, which marks the fields invalid. */
  parametersError?: string;
  /** The id of the composer's error message, which describes the fields while it shows. */
  errorId?: string;
  removable: boolean;
}) {
  const parts = previewParts(template.text, parameters);
  return (
    <div className="template-form" role="group" aria-label={`Template ${template.name}`}>
      <div className="template-form-head">
        <FileText size={14} aria-hidden="true" />
        <span className="template-name">{template.name}</span>
        <span className="template-kind">{kindLabel(template)}</span>
        <Button variant="ghost" size="sm" icon className="template-remove" aria-label={removable ? "Remove the template and write instead" : "Choose another template"} onClick={onRemove}>
          <X size={14} aria-hidden="true" />
        </Button>
      </div>
      {parameters.length > 0 ? (
        <div className="template-params">
          {parameters.map((value, i) => (
            <label key={i} className="template-param">
              <span className="small muted">Parameter {`{{${i + 1}}}`}</span>
              <input
                value={value}
                placeholder={`Value for {{${i + 1}}}`}
                data-template-param={i}
                onChange={(e) => onChange(parameters.map((p, j) => (j === i ? e.target.value : p)))}
                onKeyDown={onKeyDown}
                aria-invalid={parametersError ? true : undefined}
                aria-describedby={errorId}
                required
              />
            </label>
          ))}
        </div>
      ) : null}
      <div className="template-preview">
        <span className="small muted">Preview</span>
        <p className="template-preview-text">
          {parts.map((p, i) =>
            "text" in p ? <span key={i}>{p.text}</span> : <mark key={i} className={p.value ? "param-filled" : "param-empty"}>{p.value || `{{${p.parameter}}}`}</mark>,
          )}
        </p>
      </div>
    </div>
  );
}
