-- 0005: SMS and WhatsApp channels: the business's number and the encrypted provider settings.
ALTER TABLE "channels" ADD COLUMN "phone_number" TEXT NULL;
ALTER TABLE "channels" ADD COLUMN "protected_settings" TEXT NULL;
