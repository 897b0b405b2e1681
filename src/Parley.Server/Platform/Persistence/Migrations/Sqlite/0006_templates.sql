-- 0006: message templates: Conversation (canned replies with {{contact.name}}-style placeholders)
-- and WhatsApp (as registered with Meta), found by name prefix through search_name (SQLite).
CREATE TABLE "templates" (
    "id" TEXT NOT NULL CONSTRAINT "pk_templates" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "search_name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "language" TEXT NULL,
    "parameters" INTEGER NULL,
    "channel_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_templates_channel_id" FOREIGN KEY ("channel_id") REFERENCES "channels" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_templates_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_templates_channel_id" ON "templates" ("channel_id");

CREATE UNIQUE INDEX "ix_templates_organization_id_kind_name" ON "templates" ("organization_id", "kind", "name");

CREATE INDEX "ix_templates_organization_id_search_name" ON "templates" ("organization_id", "search_name");
