-- 0016: an API token is Personal (acts as its person) or Integration (a bot acting for its owner),
-- and an event names the token it was made through. Every token made before this was treated as a
-- bot, so existing tokens become Integration tokens: what they do next means what it meant so far.
-- The column default stays Personal, the kind a token gets when none is asked for.
ALTER TABLE api_tokens ADD COLUMN kind character varying(16) NOT NULL DEFAULT 'Personal';
UPDATE api_tokens SET kind = 'Integration';
-- No foreign key: the trail outlives a revoked token, whose name is kept beside its id.
ALTER TABLE conversation_events ADD COLUMN actor_token_id uuid;
ALTER TABLE conversation_events ADD COLUMN actor_token_name character varying(100);
