-- Money on activities: the cash a payment collected or a refund gave back, read by alerts, webhooks, the back-test
-- and revenue without parsing properties. Earlier payments that named valid money in their properties get it here.
alter table activities add column amount numeric(18, 4);
alter table activities add column currency text check (currency ~ '^[A-Z]{3}$');

update activities set amount = (properties ->> 'amount')::numeric, currency = upper(properties ->> 'currency')
where type in ('payment_succeeded', 'payment_refunded')
	and properties ->> 'amount' ~ '^[0-9]{1,14}(\.[0-9]{1,4})?$'
	and properties ->> 'currency' ~ '^[A-Za-z]{3}$';
