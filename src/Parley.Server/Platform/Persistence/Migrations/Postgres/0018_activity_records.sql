-- 0018: what admins and agents do outside conversations, who, from where (the seed's "Bots admins data").
-- No foreign key to users: a record outlives the user it names, by id only.
CREATE TABLE activity_records (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid,
    action character varying(40) NOT NULL,
    subject_id uuid,
    ip character varying(45),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_activity_records PRIMARY KEY (id)
);
CREATE INDEX ix_activity_records_organization_id_created_at_id ON activity_records (organization_id, created_at, id);
