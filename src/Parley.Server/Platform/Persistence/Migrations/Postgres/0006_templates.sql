-- 0006: message templates: Conversation (canned replies with {{contact.name}}-style placeholders)
-- and WhatsApp (as registered with Meta), found by name prefix through search_name (PostgreSQL).
CREATE TABLE templates (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    kind character varying(16) NOT NULL,
    name character varying(100) NOT NULL,
    search_name character varying(100) COLLATE "C" NOT NULL,
    text character varying(4096) NOT NULL,
    language character varying(16),
    parameters integer,
    channel_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_templates PRIMARY KEY (id),
    CONSTRAINT fk_templates_channel_id FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE SET NULL,
    CONSTRAINT fk_templates_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

CREATE INDEX ix_templates_channel_id ON templates (channel_id);

CREATE UNIQUE INDEX ix_templates_organization_id_kind_name ON templates (organization_id, kind, name);

CREATE INDEX ix_templates_organization_id_search_name ON templates (organization_id, search_name);
