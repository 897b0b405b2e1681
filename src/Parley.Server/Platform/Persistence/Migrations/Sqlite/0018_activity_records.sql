-- 0018: what admins and agents do outside conversations, who, from where (the seed's "Bots admins data").
-- No foreign key to users: a record outlives the user it names, by id only.
CREATE TABLE "activity_records" (
    "id" TEXT NOT NULL CONSTRAINT "pk_activity_records" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "user_id" TEXT NULL,
    "action" TEXT NOT NULL,
    "subject_id" TEXT NULL,
    "ip" TEXT NULL,
    "created_at" TEXT NOT NULL
);
CREATE INDEX "ix_activity_records_organization_id_created_at_id" ON "activity_records" ("organization_id", "created_at", "id");
