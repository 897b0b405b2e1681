-- 0009: a reply sent as a registered WhatsApp template keeps its name, language and parameters.
ALTER TABLE messages ADD COLUMN template_name character varying(100);
ALTER TABLE messages ADD COLUMN template_language character varying(16);
ALTER TABLE messages ADD COLUMN template_parameters character varying(4000);
