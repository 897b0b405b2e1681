-- 0003: channels, contacts, conversations, messages, read state, views, events, reminders (PostgreSQL).
CREATE TABLE contacts (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    name character varying(200),
    search_name character varying(200) COLLATE "C" NOT NULL,
    phone character varying(16),
    email character varying(254),
    external_id character varying(200),
    opted_out boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_contacts PRIMARY KEY (id),
    CONSTRAINT fk_contacts_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

CREATE TABLE channels (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    type character varying(16) NOT NULL,
    name character varying(100) NOT NULL,
    team_id uuid,
    is_active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_channels PRIMARY KEY (id),
    CONSTRAINT fk_channels_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT fk_channels_team_id FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL
);

CREATE TABLE conversations (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    channel_id uuid NOT NULL,
    status character varying(16) NOT NULL,
    previous_status character varying(16),
    is_spam boolean NOT NULL,
    assignee_id uuid,
    team_id uuid,
    subject character varying(300),
    priority character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_activity_at timestamp with time zone NOT NULL,
    last_inbound_at timestamp with time zone,
    first_reply_at timestamp with time zone,
    last_message_preview character varying(140),
    version integer NOT NULL,
    CONSTRAINT pk_conversations PRIMARY KEY (id),
    CONSTRAINT fk_conversations_assignee_id FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_conversations_channel_id FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE RESTRICT,
    CONSTRAINT fk_conversations_contact_id FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_conversations_team_id FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL
);

CREATE TABLE conversation_events (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    type character varying(40) NOT NULL,
    actor_type character varying(16) NOT NULL,
    actor_user_id uuid,
    payload character varying(4000),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_conversation_events PRIMARY KEY (id),
    CONSTRAINT fk_conversation_events_conversation_id FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
);

CREATE TABLE conversation_reads (
    conversation_id uuid NOT NULL,
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    read_at timestamp with time zone,
    marked_unread boolean NOT NULL,
    CONSTRAINT pk_conversation_reads PRIMARY KEY (conversation_id, user_id),
    CONSTRAINT fk_conversation_reads_conversation_id FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
    CONSTRAINT fk_conversation_reads_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE conversation_tags (
    conversation_id uuid NOT NULL,
    tag character varying(50) NOT NULL,
    organization_id uuid NOT NULL,
    CONSTRAINT pk_conversation_tags PRIMARY KEY (conversation_id, tag),
    CONSTRAINT fk_conversation_tags_conversation_id FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
);

CREATE TABLE messages (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    channel_id uuid NOT NULL,
    direction character varying(8) NOT NULL,
    kind character varying(8) NOT NULL,
    author_type character varying(16) NOT NULL,
    author_user_id uuid,
    text character varying(10000) NOT NULL,
    external_message_id character varying(200),
    delivery_status character varying(16),
    delivery_error character varying(500),
    is_pinned boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    read_by_contact_at timestamp with time zone,
    CONSTRAINT pk_messages PRIMARY KEY (id),
    CONSTRAINT fk_messages_author_user_id FOREIGN KEY (author_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_messages_conversation_id FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
);

CREATE TABLE reminders (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    due_at timestamp with time zone NOT NULL,
    note character varying(1000),
    created_by_user_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    fired_at timestamp with time zone,
    CONSTRAINT pk_reminders PRIMARY KEY (id),
    CONSTRAINT fk_reminders_conversation_id FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
    CONSTRAINT fk_reminders_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE message_views (
    message_id uuid NOT NULL,
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    viewed_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_message_views PRIMARY KEY (message_id, user_id),
    CONSTRAINT fk_message_views_message_id FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_views_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_channels_organization_id_name ON channels (organization_id, name);

CREATE INDEX ix_channels_team_id ON channels (team_id);

CREATE INDEX ix_contacts_organization_id_email ON contacts (organization_id, email);

CREATE INDEX ix_contacts_organization_id_external_id ON contacts (organization_id, external_id);

CREATE INDEX ix_contacts_organization_id_phone ON contacts (organization_id, phone);

CREATE INDEX ix_contacts_organization_id_search_name ON contacts (organization_id, search_name);

CREATE INDEX ix_conversation_events_conversation_id_created_at_id ON conversation_events (conversation_id, created_at, id);

CREATE INDEX ix_conversation_reads_user_id ON conversation_reads (user_id);

CREATE INDEX ix_conversation_tags_organization_id_tag ON conversation_tags (organization_id, tag);

CREATE INDEX ix_conversations_assignee_id ON conversations (assignee_id);

CREATE INDEX ix_conversations_channel_id ON conversations (channel_id);

CREATE INDEX ix_conversations_contact_id_channel_id_last_activity_at ON conversations (contact_id, channel_id, last_activity_at);

CREATE INDEX ix_conversations_organization_id_assignee_id_last_activity_at_id ON conversations (organization_id, assignee_id, last_activity_at, id);

CREATE INDEX ix_conversations_organization_id_last_activity_at_id ON conversations (organization_id, last_activity_at, id);

CREATE INDEX ix_conversations_organization_id_status_last_activity_at_id ON conversations (organization_id, status, last_activity_at, id);

CREATE INDEX ix_conversations_organization_id_team_id_last_activity_at_id ON conversations (organization_id, team_id, last_activity_at, id);

CREATE INDEX ix_conversations_team_id ON conversations (team_id);

CREATE INDEX ix_message_views_conversation_id ON message_views (conversation_id);

CREATE INDEX ix_message_views_user_id ON message_views (user_id);

CREATE INDEX ix_messages_author_user_id ON messages (author_user_id);

CREATE UNIQUE INDEX ix_messages_channel_id_external_message_id ON messages (channel_id, external_message_id);

CREATE INDEX ix_messages_conversation_id_created_at_id ON messages (conversation_id, created_at, id);

CREATE INDEX ix_reminders_conversation_id ON reminders (conversation_id);

CREATE INDEX ix_reminders_created_by_user_id ON reminders (created_by_user_id);

CREATE INDEX ix_reminders_fired_at_due_at ON reminders (fired_at, due_at);

