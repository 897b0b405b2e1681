-- 0002: data-protection keys (session cookie encryption) in the database, shared by every node.
CREATE TABLE "data_protection_keys" (
    "friendly_name" TEXT NOT NULL CONSTRAINT "pk_data_protection_keys" PRIMARY KEY,
    "xml" TEXT NOT NULL
);
