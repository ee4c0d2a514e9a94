-- The dispatcher claims tenant by tenant (V42's outbox_pending_tenant_due); nothing reads the pending messages by due
-- time across tenants any more, so this index only cost every delivery row written and every attempt recorded.
drop index outbox_due;
