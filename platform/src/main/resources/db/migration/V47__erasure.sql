-- people: when a person's personal data was erased (GDPR). The row stays, without identity, so that anonymous
-- aggregates (funnel stays, stage history, revenue) keep counting it.
alter table persons add column erased_at timestamptz;
