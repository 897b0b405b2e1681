-- 0011: attachments: uploaded files and customers' media, with the download queue.
CREATE TABLE "attachments" (
    "id" TEXT NOT NULL CONSTRAINT "pk_attachments" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "conversation_id" TEXT NULL,
    "message_id" TEXT NULL,
    "uploaded_by_user_id" TEXT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NULL,
    "storage_key" TEXT NULL,
    "status" TEXT NOT NULL,
    "provider_media" TEXT NULL,
    "download_attempts" INTEGER NOT NULL,
    "next_attempt_at" TEXT NULL,
    "error" TEXT NULL,
    "access_key" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_attachments_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_attachments_message_id" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_attachments_uploaded_by_user_id" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE INDEX "ix_attachments_conversation_id" ON "attachments" ("conversation_id");
CREATE INDEX "ix_attachments_message_id_created_at" ON "attachments" ("message_id", "created_at");
CREATE INDEX "ix_attachments_status_next_attempt_at" ON "attachments" ("status", "next_attempt_at");
CREATE INDEX "ix_attachments_uploaded_by_user_id" ON "attachments" ("uploaded_by_user_id");
