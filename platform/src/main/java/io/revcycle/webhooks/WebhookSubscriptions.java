package io.revcycle.webhooks;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import io.revcycle.kernel.InvalidInput;

import org.springframework.stereotype.Component;

/**
 * The current tenant's webhook endpoints as other features (configuration as code) read
 * and change them, with the same checks as the API: a URL on a public address and known
 * event types. Signing secrets never leave this feature; an endpoint created here gets a
 * fresh secret, which a tenant admin reads by rotating it.
 */
@Component
public class WebhookSubscriptions {

	/** More endpoints than any tenant keeps; the list is read whole. */
	private static final int ALL = 10_000;

	private final WebhookEndpoints endpoints;

	private final TargetPolicy targets;

	WebhookSubscriptions(WebhookEndpoints endpoints, TargetPolicy targets) {
		this.endpoints = endpoints;
		this.targets = targets;
	}

	/**
	 * An endpoint without its secret.
	 *
	 * @param id the endpoint
	 * @param url where deliveries go
	 * @param eventTypes the event types it subscribes to
	 * @param description the tenant's note, or null
	 * @param active whether it receives deliveries
	 */
	public record Subscription(UUID id, String url, List<String> eventTypes, String description, boolean active) {
	}

	/** Every endpoint of the tenant, oldest first. */
	public List<Subscription> all() {
		return this.endpoints.page(null, null, ALL)
			.stream()
			.sorted(Comparator.comparing(WebhookEndpoint::createdAt).thenComparing(WebhookEndpoint::id))
			.map((e) -> new Subscription(e.id(), e.url(), e.eventTypes(), e.description(), e.active()))
			.toList();
	}

	/**
	 * Creates an endpoint, with a new signing secret.
	 * @return its id
	 * @throws InvalidInput naming {@code url} or {@code eventTypes} when either cannot be
	 * used
	 */
	public UUID create(String url, List<String> eventTypes, String description, boolean active) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		URI checked = url(url, problems);
		List<String> types = eventTypes(eventTypes, problems);
		problems.throwIfAny();
		UUID id = this.endpoints.create(checked.toString(), types, blankToNull(description)).endpoint().id();
		if (!active) {
			this.endpoints.change(id, new WebhookEndpoints.Change(null, null, null, false, false));
		}
		return id;
	}

	/**
	 * Changes an endpoint's URL, event types, note and whether it is active; its secret
	 * stays.
	 * @throws InvalidInput naming {@code url} or {@code eventTypes} when either cannot be
	 * used
	 */
	public void change(UUID id, String url, List<String> eventTypes, String description, boolean active) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		URI checked = url(url, problems);
		List<String> types = eventTypes(eventTypes, problems);
		problems.throwIfAny();
		this.endpoints.change(id, new WebhookEndpoints.Change(checked.toString(), types,
				(description != null) ? description : "", active, false));
	}

	/** Deletes an endpoint; whether there was one. */
	public boolean delete(UUID id) {
		return this.endpoints.delete(id);
	}

	/**
	 * The URL if it may be used, else null with the problem recorded under {@code url}.
	 */
	URI url(String text, InvalidInput.Collector problems) {
		URI url = (text != null) ? WebhookUrls.parse(text) : null;
		if (url == null) {
			problems.add("url", (text == null) ? "is required" : "is not a URL");
			return null;
		}
		String problem = WebhookUrls.problem(url);
		if (problem == null) {
			problem = this.targets.problem(url);
		}
		if (problem != null) {
			problems.add("url", problem);
			return null;
		}
		return url;
	}

	/**
	 * The event types without duplicates, if they are known; else null with the problem
	 * recorded under {@code eventTypes}.
	 */
	static List<String> eventTypes(List<String> requested, InvalidInput.Collector problems) {
		if (requested == null || requested.isEmpty()) {
			problems.add("eventTypes", "must name at least one event type, of " + WebhookEvents.TYPES);
			return null;
		}
		List<String> unknown = new ArrayList<>(requested);
		unknown.removeAll(WebhookEvents.TYPES);
		if (!unknown.isEmpty()) {
			problems.add("eventTypes", "unknown " + unknown + "; subscribe to any of " + WebhookEvents.TYPES);
			return null;
		}
		return List.copyOf(new LinkedHashSet<>(requested));
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

}
