package io.revcycle.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.revcycle.people.PersonErased;
import io.revcycle.cycle.StageEntered;
import io.revcycle.ingest.PaymentReceived;
import io.revcycle.ingest.PaymentRefunded;
import io.revcycle.kernel.Money;
import io.revcycle.kernel.PerTransaction;
import io.revcycle.outbox.Outbox;
import io.revcycle.sla.SlaBreached;
import io.revcycle.sla.SlaBreachesRecorded;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns engine events into outbox messages for the endpoints subscribed to them, in the
 * transaction of the change.
 */
@Component
class WebhookEvents {

	static final String STAGE_CHANGED = "stage.changed";

	static final String MQL_CREATED = "mql.created";

	static final String CUSTOMER_CREATED = "customer.created";

	static final String PAYMENT_RECEIVED = "payment.received";

	static final String PAYMENT_REFUNDED = "payment.refunded";

	static final String SLA_BREACHED = "sla.breached";

	static final String PERSON_ERASED = "person.erased";

	static final List<String> TYPES = List.of(STAGE_CHANGED, MQL_CREATED, CUSTOMER_CREATED, PAYMENT_RECEIVED,
			PAYMENT_REFUNDED, SLA_BREACHED, PERSON_ERASED);

	private final WebhookEndpoints endpoints;

	private final Outbox outbox;

	private final JsonMapper json;

	/**
	 * The event types any active endpoint subscribes to, per tenant (one transaction of
	 * the SLA clock spans tenants), read once per transaction.
	 */
	private final PerTransaction<Map<UUID, Set<String>>> subscribed = new PerTransaction<>();

	WebhookEvents(WebhookEndpoints endpoints, Outbox outbox, JsonMapper json) {
		this.endpoints = endpoints;
		this.outbox = outbox;
		this.json = json;
	}

	@EventListener
	void on(StageEntered event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", event.personId());
		data.put("from", event.from());
		data.put("to", event.stage());
		data.put("cause", event.cause());
		data.put("actor", event.actor());
		publish(STAGE_CHANGED, event.at(), data);
		if ("MQL".equals(event.stage())) {
			publish(MQL_CREATED, event.at(), data);
		}
		if ("Customer".equals(event.stage())) {
			publish(CUSTOMER_CREATED, event.at(), data);
		}
	}

	/** Tells subscribers to erase the person too; the message holds only the id. */
	@EventListener
	void on(PersonErased event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", event.personId());
		data.put("erasedAt", event.at());
		publish(PERSON_ERASED, event.at(), data);
	}

	@EventListener
	void on(PaymentReceived event) {
		publish(PAYMENT_RECEIVED, event.at(),
				payment(event.personId(), event.accountId(), event.amount(), event.source(), event.externalId()));
	}

	@EventListener
	void on(PaymentRefunded event) {
		publish(PAYMENT_REFUNDED, event.at(),
				payment(event.personId(), event.accountId(), event.amount(), event.source(), event.externalId()));
	}

	private static Map<String, Object> payment(UUID personId, UUID accountId, Money amount, String source,
			String externalId) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("personId", personId);
		data.put("accountId", accountId);
		data.put("amount", amount);
		data.put("source", source);
		data.put("externalId", externalId);
		return data;
	}

	/** One webhook event per breach step; the outbox rows of a batch in one statement. */
	@EventListener
	void on(SlaBreachesRecorded batch) {
		List<Occurrence> occurrences = new ArrayList<>(batch.breaches().size());
		for (SlaBreached event : batch.breaches()) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("personId", event.personId());
			data.put("stage", event.stage());
			data.put("step", event.step());
			data.put("action", event.action());
			data.put("dueAt", event.dueAt());
			data.put("breachId", event.breachId());
			occurrences.add(new Occurrence(event.at(), data));
		}
		publish(SLA_BREACHED, occurrences);
	}

	private record Occurrence(Instant at, Map<String, Object> data) {
	}

	private void publish(String type, Instant at, Map<String, Object> data) {
		publish(type, List.of(new Occurrence(at, data)));
	}

	/** Each occurrence is an event of its own id, for every endpoint subscribed to it. */
	private void publish(String type, List<Occurrence> occurrences) {
		Set<String> subscribed = this.subscribed.get(HashMap::new)
			.computeIfAbsent(TenantContext.require(), (tenant) -> this.endpoints.subscribedTypes());
		if (occurrences.isEmpty() || !subscribed.contains(type)) {
			return;
		}
		List<UUID> endpoints = this.endpoints.subscribedTo(type);
		if (endpoints.isEmpty()) {
			return;
		}
		List<Outbox.Message> messages = new ArrayList<>(occurrences.size() * endpoints.size());
		for (Occurrence occurrence : occurrences) {
			UUID eventId = UUID.randomUUID();
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("id", eventId);
			payload.put("type", type);
			payload.put("createdAt", occurrence.at());
			payload.put("data", occurrence.data());
			String body = this.json.writeValueAsString(payload);
			for (UUID endpoint : endpoints) {
				messages.add(new Outbox.Message(WebhookDeliverer.KIND, endpoint, eventId, type, body));
			}
		}
		this.outbox.add(messages);
	}

}
