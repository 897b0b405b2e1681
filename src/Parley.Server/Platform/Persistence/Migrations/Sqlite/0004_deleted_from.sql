-- 0004: restoring from the deletion buffer returns to the status before the delete, while the
-- status before an archive (previous_status) survives a delete and restore.
ALTER TABLE "conversations" ADD COLUMN "deleted_from" TEXT NULL;
