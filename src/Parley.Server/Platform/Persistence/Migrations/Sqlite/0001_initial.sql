-- 0001 initial: organisations, users, API tokens, teams (SQLite).
-- Forward only: never edit an applied script; add NNNN_next.sql for both providers.
CREATE TABLE "installations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_installations" PRIMARY KEY,
    "set_up_at" TEXT NOT NULL
);

CREATE TABLE "organizations" (
    "id" TEXT NOT NULL CONSTRAINT "pk_organizations" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);

CREATE TABLE "teams" (
    "id" TEXT NOT NULL CONSTRAINT "pk_teams" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_teams_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE
);

CREATE TABLE "users" (
    "id" TEXT NOT NULL CONSTRAINT "pk_users" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "normalized_email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NOT NULL,
    "access_failed_count" INTEGER NOT NULL,
    "lockout_ends_at" TEXT NULL,
    CONSTRAINT "fk_users_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE
);

CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL CONSTRAINT "pk_api_tokens" PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "last_used_at" TEXT NULL,
    CONSTRAINT "fk_api_tokens_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "team_members" (
    "team_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "added_at" TEXT NOT NULL,
    CONSTRAINT "pk_team_members" PRIMARY KEY ("team_id", "user_id"),
    CONSTRAINT "fk_team_members_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_team_members_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_api_tokens_hash" ON "api_tokens" ("hash");
CREATE INDEX "ix_api_tokens_user_id_created_at" ON "api_tokens" ("user_id", "created_at");
CREATE INDEX "ix_team_members_user_id" ON "team_members" ("user_id");
CREATE UNIQUE INDEX "ix_teams_organization_id_name" ON "teams" ("organization_id", "name");
CREATE UNIQUE INDEX "ix_users_normalized_email" ON "users" ("normalized_email");
CREATE INDEX "ix_users_organization_id_role" ON "users" ("organization_id", "role");
