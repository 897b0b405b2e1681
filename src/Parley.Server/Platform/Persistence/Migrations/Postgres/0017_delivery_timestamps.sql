-- 0017: a reply records when each delivery step was reported, not only when it was read.
-- Rows from before keep null: the times were never reported, and none is invented.
ALTER TABLE messages RENAME COLUMN read_by_contact_at TO read_at;
ALTER TABLE messages
    ADD COLUMN sent_at timestamp with time zone,
    ADD COLUMN delivered_at timestamp with time zone,
    ADD COLUMN failed_at timestamp with time zone;
