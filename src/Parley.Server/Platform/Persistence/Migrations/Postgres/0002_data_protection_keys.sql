-- 0002: data-protection keys (session cookie encryption) in the database, shared by every node.
CREATE TABLE data_protection_keys (
    friendly_name character varying(100) NOT NULL,
    xml text NOT NULL,
    CONSTRAINT pk_data_protection_keys PRIMARY KEY (friendly_name)
);
