-- 0008: business hours per channel (JSON: time zone and weekly openings); null means always open.
ALTER TABLE channels ADD COLUMN business_hours character varying(4000);
