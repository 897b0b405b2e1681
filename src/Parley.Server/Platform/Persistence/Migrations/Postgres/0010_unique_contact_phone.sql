-- 0010: one contact per phone number in an organisation, enforced by the database.
DROP INDEX ix_contacts_organization_id_phone;
CREATE UNIQUE INDEX ix_contacts_organization_id_phone ON contacts (organization_id, phone);
