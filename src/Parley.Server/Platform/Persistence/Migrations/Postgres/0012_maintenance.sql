-- 0012: Maintenance: the organisation's policy, channel overrides and their history, sweep runs,
-- files awaiting deletion after a purge, and when each conversation was deleted (the purge buffer's clock).
CREATE TABLE maintenance_policies (
    organization_id uuid NOT NULL,
    settings character varying(2000) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by_user_id uuid,
    CONSTRAINT pk_maintenance_policies PRIMARY KEY (organization_id),
    CONSTRAINT fk_maintenance_policies_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT fk_maintenance_policies_updated_by_user_id FOREIGN KEY (updated_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE channel_maintenance_overrides (
    channel_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    settings character varying(2000) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by_user_id uuid,
    CONSTRAINT pk_channel_maintenance_overrides PRIMARY KEY (channel_id),
    CONSTRAINT fk_channel_maintenance_overrides_channel_id FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
    CONSTRAINT fk_channel_maintenance_overrides_updated_by_user_id FOREIGN KEY (updated_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE maintenance_policy_changes (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    channel_id uuid,
    changed_by_user_id uuid,
    old_settings character varying(2000),
    new_settings character varying(2000) NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_maintenance_policy_changes PRIMARY KEY (id),
    CONSTRAINT fk_maintenance_policy_changes_changed_by_user_id FOREIGN KEY (changed_by_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_maintenance_policy_changes_channel_id FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE
);

CREATE TABLE maintenance_runs (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    trigger character varying(16) NOT NULL,
    requested_by_user_id uuid,
    dry_run boolean NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    status character varying(16) NOT NULL,
    report character varying(20000),
    purged character varying(2000),
    error character varying(2000),
    CONSTRAINT pk_maintenance_runs PRIMARY KEY (id),
    CONSTRAINT fk_maintenance_runs_requested_by_user_id FOREIGN KEY (requested_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE file_deletions (
    storage_key character varying(200) NOT NULL,
    requested_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_file_deletions PRIMARY KEY (storage_key)
);

ALTER TABLE conversations ADD COLUMN deleted_at timestamp with time zone;
-- Conversations deleted before this column existed: Delete moved their last activity to the deletion.
UPDATE conversations SET deleted_at = last_activity_at WHERE status = 'Deleted';
DROP INDEX ix_conversations_channel_id;
CREATE INDEX ix_channel_maintenance_overrides_organization_id ON channel_maintenance_overrides (organization_id);
CREATE INDEX ix_channel_maintenance_overrides_updated_by_user_id ON channel_maintenance_overrides (updated_by_user_id);
CREATE INDEX ix_conversations_channel_id_deleted_at ON conversations (channel_id, deleted_at);
CREATE INDEX ix_conversations_channel_id_status_last_activity_at_id ON conversations (channel_id, status, last_activity_at, id);
CREATE INDEX ix_maintenance_policies_updated_by_user_id ON maintenance_policies (updated_by_user_id);
CREATE INDEX ix_maintenance_policy_changes_changed_by_user_id ON maintenance_policy_changes (changed_by_user_id);
CREATE INDEX ix_maintenance_policy_changes_channel_id ON maintenance_policy_changes (channel_id);
CREATE INDEX ix_maintenance_policy_changes_organization_id_changed_at_id ON maintenance_policy_changes (organization_id, changed_at, id);
CREATE INDEX ix_maintenance_runs_organization_id_started_at_id ON maintenance_runs (organization_id, started_at, id);
CREATE INDEX ix_maintenance_runs_requested_by_user_id ON maintenance_runs (requested_by_user_id);
