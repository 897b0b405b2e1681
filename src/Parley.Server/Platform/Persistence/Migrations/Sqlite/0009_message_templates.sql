-- 0009: a reply sent as a registered WhatsApp template keeps its name, language and parameters.
ALTER TABLE "messages" ADD COLUMN "template_name" TEXT NULL;
ALTER TABLE "messages" ADD COLUMN "template_language" TEXT NULL;
ALTER TABLE "messages" ADD COLUMN "template_parameters" TEXT NULL;
