-- 0001 initial: organisations, users, API tokens, teams (PostgreSQL).
-- Forward only: never edit an applied script; add NNNN_next.sql for both providers.
CREATE TABLE installations (
    id integer NOT NULL,
    set_up_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_installations PRIMARY KEY (id)
);

CREATE TABLE organizations (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    time_zone character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_organizations PRIMARY KEY (id)
);

CREATE TABLE teams (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_teams PRIMARY KEY (id),
    CONSTRAINT fk_teams_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

CREATE TABLE users (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    email character varying(254) NOT NULL,
    normalized_email character varying(254) NOT NULL,
    role character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    password_hash character varying(512),
    security_stamp character varying(64) NOT NULL,
    access_failed_count integer NOT NULL,
    lockout_ends_at timestamp with time zone,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT fk_users_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

CREATE TABLE api_tokens (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    hash character varying(64) NOT NULL,
    hint character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    CONSTRAINT pk_api_tokens PRIMARY KEY (id),
    CONSTRAINT fk_api_tokens_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE team_members (
    team_id uuid NOT NULL,
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    added_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_team_members PRIMARY KEY (team_id, user_id),
    CONSTRAINT fk_team_members_team_id FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE,
    CONSTRAINT fk_team_members_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_api_tokens_hash ON api_tokens (hash);
CREATE INDEX ix_api_tokens_user_id_created_at ON api_tokens (user_id, created_at);
CREATE INDEX ix_team_members_user_id ON team_members (user_id);
CREATE UNIQUE INDEX ix_teams_organization_id_name ON teams (organization_id, name);
CREATE UNIQUE INDEX ix_users_normalized_email ON users (normalized_email);
CREATE INDEX ix_users_organization_id_role ON users (organization_id, role);
