-- A connector action is performed by one replica at a time: RUNNING with a lease, after which another replica may take
-- it over (an outbox lease can run out while a slow delivery is still under way).
alter table connector_actions drop constraint connector_actions_status_check;
alter table connector_actions add constraint connector_actions_status_check
	check (status in ('PENDING', 'RUNNING', 'DONE', 'FAILED'));
alter table connector_actions add column lease_until timestamptz;
