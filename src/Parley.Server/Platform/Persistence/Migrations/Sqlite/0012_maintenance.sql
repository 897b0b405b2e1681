-- 0012: Maintenance: the organisation's policy, channel overrides and their history, sweep runs,
-- files awaiting deletion after a purge, and when each conversation was deleted (the purge buffer's clock).
CREATE TABLE "maintenance_policies" (
    "organization_id" TEXT NOT NULL CONSTRAINT "pk_maintenance_policies" PRIMARY KEY,
    "settings" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "updated_by_user_id" TEXT NULL,
    CONSTRAINT "fk_maintenance_policies_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_maintenance_policies_updated_by_user_id" FOREIGN KEY ("updated_by_user_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE TABLE "channel_maintenance_overrides" (
    "channel_id" TEXT NOT NULL CONSTRAINT "pk_channel_maintenance_overrides" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "updated_by_user_id" TEXT NULL,
    CONSTRAINT "fk_channel_maintenance_overrides_channel_id" FOREIGN KEY ("channel_id") REFERENCES "channels" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_channel_maintenance_overrides_updated_by_user_id" FOREIGN KEY ("updated_by_user_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE TABLE "maintenance_policy_changes" (
    "id" TEXT NOT NULL CONSTRAINT "pk_maintenance_policy_changes" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "channel_id" TEXT NULL,
    "changed_by_user_id" TEXT NULL,
    "old_settings" TEXT NULL,
    "new_settings" TEXT NOT NULL,
    "changed_at" TEXT NOT NULL,
    CONSTRAINT "fk_maintenance_policy_changes_changed_by_user_id" FOREIGN KEY ("changed_by_user_id") REFERENCES "users" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_maintenance_policy_changes_channel_id" FOREIGN KEY ("channel_id") REFERENCES "channels" ("id") ON DELETE CASCADE
);

CREATE TABLE "maintenance_runs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_maintenance_runs" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "requested_by_user_id" TEXT NULL,
    "dry_run" INTEGER NOT NULL,
    "started_at" TEXT NOT NULL,
    "finished_at" TEXT NULL,
    "status" TEXT NOT NULL,
    "report" TEXT NULL,
    "purged" TEXT NULL,
    "error" TEXT NULL,
    CONSTRAINT "fk_maintenance_runs_requested_by_user_id" FOREIGN KEY ("requested_by_user_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE TABLE "file_deletions" (
    "storage_key" TEXT NOT NULL CONSTRAINT "pk_file_deletions" PRIMARY KEY,
    "requested_at" TEXT NOT NULL
);

ALTER TABLE "conversations" ADD COLUMN "deleted_at" TEXT NULL;
-- Conversations deleted before this column existed: Delete moved their last activity to the deletion.
UPDATE "conversations" SET "deleted_at" = "last_activity_at" WHERE "status" = 'Deleted';
DROP INDEX "ix_conversations_channel_id";
CREATE INDEX "ix_channel_maintenance_overrides_organization_id" ON "channel_maintenance_overrides" ("organization_id");
CREATE INDEX "ix_channel_maintenance_overrides_updated_by_user_id" ON "channel_maintenance_overrides" ("updated_by_user_id");
CREATE INDEX "ix_conversations_channel_id_deleted_at" ON "conversations" ("channel_id", "deleted_at");
CREATE INDEX "ix_conversations_channel_id_status_last_activity_at_id" ON "conversations" ("channel_id", "status", "last_activity_at", "id");
CREATE INDEX "ix_maintenance_policies_updated_by_user_id" ON "maintenance_policies" ("updated_by_user_id");
CREATE INDEX "ix_maintenance_policy_changes_changed_by_user_id" ON "maintenance_policy_changes" ("changed_by_user_id");
CREATE INDEX "ix_maintenance_policy_changes_channel_id" ON "maintenance_policy_changes" ("channel_id");
CREATE INDEX "ix_maintenance_policy_changes_organization_id_changed_at_id" ON "maintenance_policy_changes" ("organization_id", "changed_at", "id");
CREATE INDEX "ix_maintenance_runs_organization_id_started_at_id" ON "maintenance_runs" ("organization_id", "started_at", "id");
CREATE INDEX "ix_maintenance_runs_requested_by_user_id" ON "maintenance_runs" ("requested_by_user_id");
