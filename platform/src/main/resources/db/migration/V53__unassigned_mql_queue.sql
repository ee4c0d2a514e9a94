-- The unassigned queue (GET /api/v1/routing/unassigned): a tenant's MQLs nobody owns, longest in the stage first.
-- Partial, so it holds only the few people waiting; the query names 'MQL' literally so that its plan can use it.
create index persons_unassigned_mql on persons (tenant_id, stage_entered_at, id)
	where stage = 'MQL' and owner_id is null;
