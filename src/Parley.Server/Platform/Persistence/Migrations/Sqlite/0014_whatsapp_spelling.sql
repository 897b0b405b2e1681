-- 0014: the channel type is spelled WhatsApp everywhere (the API, the template kind), so the stored value is too.
UPDATE channels SET type = 'WhatsApp' WHERE type = 'Whatsapp';
