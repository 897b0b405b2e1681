-- 0007: the outbound queue: attempts and when a queued reply may next be tried.
ALTER TABLE "messages" ADD COLUMN "send_attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "messages" ADD COLUMN "next_attempt_at" TEXT NULL;
CREATE INDEX "ix_messages_delivery_status_next_attempt_at" ON "messages" ("delivery_status", "next_attempt_at");
