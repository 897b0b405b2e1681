-- 0005: SMS and WhatsApp channels: the business's number and the encrypted provider settings.
ALTER TABLE channels ADD COLUMN phone_number character varying(16);
ALTER TABLE channels ADD COLUMN protected_settings character varying(8000);
