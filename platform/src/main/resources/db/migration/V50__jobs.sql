-- jobs: long imports and exports, run in the background. The upload is stored (job_inputs, in chunks) in the
-- transaction that creates the job, so a job that was answered 202 is never lost; a worker of any replica claims it
-- with FOR UPDATE SKIP LOCKED and a lease, commits its progress with each chunk of work, and another replica resumes
-- it from there when the lease runs out. Only the jobs table lets the claiming scope ('app.scope' = 'dispatcher')
-- past the tenant policy; the work itself runs inside the job's tenant.
create table jobs (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	kind text not null,
	status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
	created_by text,
	created_at timestamptz not null,
	started_at timestamptz,
	finished_at timestamptz,
	total bigint,
	done bigint not null default 0,
	accepted bigint not null default 0,
	rejected_count bigint not null default 0,
	rejected jsonb not null default '[]',
	error text,
	attempts integer not null default 0,
	lease_owner uuid,
	lease_until timestamptz,
	input_type text,
	input_bytes bigint not null default 0,
	result_type text,
	result_bytes bigint,
	result_expires_at timestamptz,
	primary key (tenant_id, id)
);
create index jobs_newest on jobs (tenant_id, created_at desc, id desc);
create index jobs_claimable on jobs (tenant_id, created_at) where status in ('queued', 'running');

alter table jobs enable row level security;
alter table jobs force row level security;
create policy tenant_isolation on jobs
	using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher')
	with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher');

-- the uploaded file, in chunks of about a megabyte; removed when the job ends
create table job_inputs (
	tenant_id uuid not null,
	job_id uuid not null,
	seq integer not null,
	data bytea not null,
	primary key (tenant_id, job_id, seq),
	foreign key (tenant_id, job_id) references jobs (tenant_id, id) on delete cascade
);
select revcycle_isolate('job_inputs');

-- what a job produced to download (an export), in chunks; removed when it expires or a person is erased
create table job_results (
	tenant_id uuid not null,
	job_id uuid not null,
	seq integer not null,
	data bytea not null,
	primary key (tenant_id, job_id, seq),
	foreign key (tenant_id, job_id) references jobs (tenant_id, id) on delete cascade
);
select revcycle_isolate('job_results');
