-- cycle: the stage model follows the scoring model's lifecycle. A version is a draft, then proposed, then active once
-- a marketing user and a sales user (SDR or AE) approved it; the version it replaces is retired and kept. Versions
-- stored before this (published directly) are active or, when replaced, still the fallback they were.
alter table stage_models add column id uuid not null default gen_random_uuid();
alter table stage_models add column name text;
alter table stage_models add column status text not null default 'ACTIVE'
	check (status in ('DRAFT', 'PROPOSED', 'ACTIVE', 'RETIRED'));
alter table stage_models add column created_by text;
alter table stage_models add column proposed_at timestamptz;
alter table stage_models add column activated_at timestamptz;
alter table stage_models add column retired_at timestamptz;
-- whether both teams signed it (a version published directly by an admin is not signed)
alter table stage_models add column signed boolean not null default false;
create unique index stage_models_id on stage_models (tenant_id, id);

create table stage_model_approvals (
	tenant_id uuid not null,
	model_id uuid not null,
	user_id text not null,
	side text not null check (side in ('marketing', 'sales')),
	approved_at timestamptz not null,
	primary key (tenant_id, model_id, side),
	foreign key (tenant_id, model_id) references stage_models (tenant_id, id)
);
select revcycle_isolate('stage_model_approvals');
