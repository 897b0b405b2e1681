-- 0015: why a queued reply waits (business hours, a retry's back-off, no webhook), so a change of
-- business hours re-times only the replies held for them.
ALTER TABLE messages ADD COLUMN delivery_hold character varying(24);
-- Replies already waiting: a counted attempt means a back-off, an API channel means no webhook,
-- anything else waits for the hours. (A back-off that was then held for the hours stays a
-- back-off: it is released at its old opening, as before.)
UPDATE messages SET delivery_hold = CASE
        WHEN send_attempts > 0 THEN 'RetryingAfterError'
        WHEN (SELECT type FROM channels WHERE channels.id = messages.channel_id) = 'Api' THEN 'AwaitingWebhook'
        ELSE 'OutsideBusinessHours' END
    WHERE delivery_status = 'Queued' AND external_message_id IS NULL AND next_attempt_at IS NOT NULL;
