-- 0011: attachments: uploaded files and customers' media, with the download queue.
CREATE TABLE attachments (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    conversation_id uuid,
    message_id uuid,
    uploaded_by_user_id uuid,
    file_name character varying(200) NOT NULL,
    content_type character varying(100) NOT NULL,
    size bigint NOT NULL,
    sha256 character varying(64),
    storage_key character varying(200),
    status character varying(16) NOT NULL,
    provider_media character varying(2000),
    download_attempts integer NOT NULL,
    next_attempt_at timestamp with time zone,
    error character varying(500),
    access_key character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_attachments PRIMARY KEY (id),
    CONSTRAINT fk_attachments_conversation_id FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
    CONSTRAINT fk_attachments_message_id FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT fk_attachments_uploaded_by_user_id FOREIGN KEY (uploaded_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX ix_attachments_conversation_id ON attachments (conversation_id);
CREATE INDEX ix_attachments_message_id_created_at ON attachments (message_id, created_at);
CREATE INDEX ix_attachments_status_next_attempt_at ON attachments (status, next_attempt_at);
CREATE INDEX ix_attachments_uploaded_by_user_id ON attachments (uploaded_by_user_id);
