package io.revcycle.connector.hubspot;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;

/**
 * The upsert actions: records written with HubSpot's batch upsert endpoint ({@code POST
 * /crm/v3/objects/{object}/batch/upsert}), matched on a unique-value property
 * ({@code email} for contacts, the configured properties for companies and deals), so
 * writing the same records again changes nothing more: the action is idempotent whatever
 * its idempotency key.
 * <p>
 * An action's input is one record or a list of them under {@code records}. A record is a
 * map of HubSpot property names to values (strings, numbers, booleans; an empty string
 * clears a property), or a map with such a map under {@code properties} and the unique
 * value under {@code id}. Records are sent in batches of {@value #BATCH_SIZE}, HubSpot's
 * limit; two records with the same unique value are merged first, as HubSpot refuses a
 * batch that names a record twice.
 */
final class Upserts {

	/** HubSpot's limit of inputs per batch request. */
	static final int BATCH_SIZE = 100;

	/** HubSpot's advice for 423 Locked: wait a little and send again. */
	private static final Duration LOCKED_WAIT = Duration.ofSeconds(2);

	private final HubSpotApi api;

	private final HubSpotSettings settings;

	private final System.Logger logger;

	Upserts(HubSpotApi api, HubSpotSettings settings, System.Logger logger) {
		this.api = api;
		this.settings = settings;
		this.logger = logger;
	}

	/** Performs an upsert action of one object. */
	ActionResult perform(Action action, CrmObject object) throws InvalidRecords {
		String idProperty = this.settings.idProperty(object);
		Map<String, Input> inputs = inputs(action, object, idProperty);
		List<Input> all = new ArrayList<>(inputs.values());
		Map<String, Object> ids = new LinkedHashMap<>();
		List<String> order = new ArrayList<>();
		int created = 0;
		for (int from = 0; from < all.size(); from += BATCH_SIZE) {
			List<Input> batch = all.subList(from, Math.min(all.size(), from + BATCH_SIZE));
			Outcome outcome = send(object, idProperty, batch);
			if (outcome.result() != null) {
				String written = (from > 0) ? " (the first " + from + " records were written)" : "";
				ActionResult result = outcome.result();
				return new ActionResult(result.status(), null, result.message() + written, result.retryAfter(),
						Map.of());
			}
			ids.putAll(outcome.ids());
			order.addAll(outcome.ids().values().stream().map(String::valueOf).toList());
			created += outcome.created();
		}
		int updated = ids.size() - created;
		String message = "Upserted " + ids.size() + " " + object.path() + " in HubSpot (" + created + " created, "
				+ updated + " updated)";
		this.logger.log(System.Logger.Level.INFO, message);
		Map<String, Object> output = Map.of("objectType", object.singular(), "idProperty", idProperty, "ids", ids,
				"created", created, "updated", updated);
		return new ActionResult(ActionResult.Status.DONE, String.join(",", order), message, null, output);
	}

	private Outcome send(CrmObject object, String idProperty, List<Input> batch) {
		List<Map<String, Object>> body = new ArrayList<>();
		for (Input input : batch) {
			body.add(Map.of("idProperty", idProperty, "id", input.id(), "properties", input.properties()));
		}
		String path = "/crm/v3/objects/" + object.path() + "/batch/upsert";
		HubSpotApi.Reply reply;
		try {
			reply = this.api.postPatiently(path, Map.of("inputs", body));
		}
		catch (IOException ex) {
			return Outcome.of(ActionResult.retry("Could not reach HubSpot: " + ex.getMessage(), null));
		}
		if (reply.status() == 429) {
			return Outcome
				.of(ActionResult.retry(
						"HubSpot rate limited the upsert ("
								+ (reply.policyName().isEmpty() ? "429" : reply.policyName()) + "): " + reply.message(),
						reply.suggestedWait()));
		}
		return outcome(object, idProperty, batch, reply);
	}

	private Outcome outcome(CrmObject object, String idProperty, List<Input> batch, HubSpotApi.Reply reply) {
		int status = reply.status();
		if (status == 200 || status == 201) {
			return written(idProperty, batch, reply.body());
		}
		if (status == 207) {
			boolean limited = false;
			for (JsonNode error : reply.body().path("errors")) {
				limited |= "RATE_LIMITS".equals(error.path("category").asText());
			}
			String message = "HubSpot wrote " + reply.body().path("results").size() + " of " + batch.size() + " "
					+ object.path() + " and refused the others: " + reply.message();
			return Outcome.of(limited ? ActionResult.retry(message, null) : ActionResult.failed(message));
		}
		if (status == 401) {
			return Outcome.of(ActionResult.failed("HubSpot refused the access token (401): " + reply.message()
					+ ". Create a new private app access token and update accessToken"));
		}
		if (status == 403) {
			return Outcome.of(ActionResult.failed("The access token may not write " + object.path() + " (403): "
					+ reply.message() + ". Give the private app the scope crm.objects." + object.path() + ".write"));
		}
		if (status == 423) {
			return Outcome.of(ActionResult.retry("HubSpot has locked the records for now (423): " + reply.message(),
					LOCKED_WAIT));
		}
		if (status >= 500) {
			return Outcome.of(ActionResult.retry("HubSpot failed (" + status + "): " + reply.message(), null));
		}
		return Outcome
			.of(ActionResult.failed("HubSpot refused the " + object.path() + " (" + status + "): " + reply.message()
					+ (status == 400 && reply.message().contains(idProperty) ? hint(object, idProperty) : "")));
	}

	private static String hint(CrmObject object, String idProperty) {
		if (object == CrmObject.CONTACTS) {
			return "";
		}
		return ". Upserts of " + object.path() + " match on '" + idProperty
				+ "': it must be a property with unique values (hasUniqueValue) in HubSpot";
	}

	/** The ids HubSpot gave the records of a written batch, by unique value. */
	private static Outcome written(String idProperty, List<Input> batch, JsonNode body) {
		Map<String, String> byValue = new LinkedHashMap<>();
		List<JsonNode> results = new ArrayList<>();
		body.path("results").forEach(results::add);
		int created = 0;
		for (JsonNode result : results) {
			String value = result.path("properties").path(idProperty).asText("");
			if (!value.isEmpty()) {
				byValue.put(key(idProperty, value), result.path("id").asText());
			}
			if (result.path("new").asBoolean(false)) {
				created++;
			}
		}
		Map<String, Object> ids = new LinkedHashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			Input input = batch.get(i);
			String id = byValue.get(key(idProperty, input.id()));
			if (id == null && results.size() == batch.size()) {
				// the answer did not echo the unique property: HubSpot answers in input
				// order
				id = results.get(i).path("id").asText(null);
			}
			if (id != null) {
				ids.put(input.id(), id);
			}
		}
		return new Outcome(null, ids, created);
	}

	/** The records of an action, merged by unique value, in their first order. */
	private static Map<String, Input> inputs(Action action, CrmObject object, String idProperty) throws InvalidRecords {
		Object records = action.input().get("records");
		List<?> list;
		if (records == null) {
			list = List.of(action.input());
		}
		else if (records instanceof List<?> given) {
			list = given;
		}
		else {
			throw new InvalidRecords("'records' must be a list of " + object.path());
		}
		if (list.isEmpty()) {
			throw new InvalidRecords("The action has no " + object.path() + " to upsert");
		}
		Map<String, Input> inputs = new LinkedHashMap<>();
		for (int i = 0; i < list.size(); i++) {
			String which = (list.size() == 1) ? "The record" : "Record " + (i + 1);
			if (!(list.get(i) instanceof Map<?, ?> record)) {
				throw new InvalidRecords(which + " must be a map of HubSpot properties");
			}
			Object nested = record.get("properties");
			Map<?, ?> properties = (nested instanceof Map<?, ?> map) ? map : record;
			Object unique = (nested instanceof Map<?, ?> && record.get("id") != null) ? record.get("id")
					: properties.get(idProperty);
			String id = (unique != null) ? value(which, idProperty, unique).trim() : "";
			if (id.isEmpty()) {
				throw new InvalidRecords(
						which + " has no '" + idProperty + "': upserts of " + object.path() + " match on it");
			}
			Map<String, String> values = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : properties.entrySet()) {
				String name = String.valueOf(entry.getKey());
				if (!name.equals(idProperty)) {
					values.put(name, value(which, name, entry.getValue()));
				}
			}
			Input earlier = inputs.get(key(idProperty, id));
			if (earlier != null) {
				Map<String, String> merged = new LinkedHashMap<>(earlier.properties());
				merged.putAll(values);
				values = merged;
				id = earlier.id();
			}
			inputs.put(key(idProperty, id), new Input(id, values));
		}
		return inputs;
	}

	/** HubSpot takes every property value as a string. */
	private static String value(String which, String name, Object value) throws InvalidRecords {
		if (value == null) {
			return "";
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (value instanceof Double || value instanceof Float) {
			return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
		}
		if (value instanceof String || value instanceof Number || value instanceof Boolean) {
			return String.valueOf(value);
		}
		throw new InvalidRecords(which + ": property '" + name + "' must be a string, number or boolean");
	}

	/** Emails match whatever their case, as in HubSpot; other unique values exactly. */
	private static String key(String idProperty, String value) {
		return "email".equals(idProperty) ? value.trim().toLowerCase(Locale.ROOT) : value.trim();
	}

	/** One record to write. */
	private record Input(String id, Map<String, String> properties) {
	}

	/** What became of a batch: a result that ends the action, or the ids written. */
	private record Outcome(ActionResult result, Map<String, Object> ids, int created) {

		static Outcome of(ActionResult result) {
			return new Outcome(result, Map.of(), 0);
		}

	}

	/** The action's input cannot be written: it fails for good. */
	static final class InvalidRecords extends Exception {

		InvalidRecords(String message) {
			super(message);
		}

	}

}
