package io.revcycle.connector.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;

/**
 * Maps the events of SendGrid's Event Webhook to the engine's events.
 * <table>
 * <caption>SendGrid event to engine event</caption>
 * <tr>
 * <th>SendGrid {@code event}</th>
 * <th>engine type</th>
 * </tr>
 * <tr>
 * <td>delivered</td>
 * <td>email_delivered</td>
 * </tr>
 * <tr>
 * <td>open</td>
 * <td>email_opened</td>
 * </tr>
 * <tr>
 * <td>click</td>
 * <td>email_clicked (url)</td>
 * </tr>
 * <tr>
 * <td>bounce (type bounce or blocked), dropped</td>
 * <td>email_bounced (bounce_type bounce, blocked or dropped)</td>
 * </tr>
 * <tr>
 * <td>unsubscribe, group_unsubscribe, spamreport</td>
 * <td>email_unsubscribed (unsubscribe_type all, group or spamreport)</td>
 * </tr>
 * <tr>
 * <td>processed, deferred, group_resubscribe, anything else</td>
 * <td>none</td>
 * </tr>
 * </table>
 * {@code dropped} counts as a bounce because the message never reached the person
 * (SendGrid drops mail to addresses that bounced before, unsubscribed or reported spam);
 * {@code bounce_type} tells the two apart. A spam report counts as an unsubscribe because
 * SendGrid suppresses the address from then on, exactly as for an unsubscribe.
 * <p>
 * The campaign is the custom argument {@code campaign} (set by the {@code send_email}
 * action), else {@code marketing_campaign_name} (SendGrid Marketing Campaigns), else the
 * first category.
 */
final class SendGridEvents {

	/** The custom argument that carries the engine's campaign on mail it sends. */
	static final String CAMPAIGN_ARG = "campaign";

	/** The custom argument that carries the idempotency key of the send_email action. */
	static final String KEY_ARG = "revcycle_key";

	/** Top-level fields SendGrid defines; any other string field is a custom argument. */
	private static final Set<String> RESERVED = Set.of("email", "timestamp", "event", "smtp-id", "useragent", "ip",
			"sg_event_id", "sg_message_id", "reason", "status", "response", "tls", "url", "url_offset", "attempt",
			"category", "type", "asm_group_id", "unique_args", "marketing_campaign_id", "marketing_campaign_name",
			"marketing_campaign_version", "marketing_campaign_split_id", "post_type", "sg_user_id", "pool",
			"newsletter", "sg_machine_open", "sg_content_type", "bounce_classification", "cert_err", "singlesend_id",
			"singlesend_name", "template_id", "template_name", "template_version_id", "mc_stats", "phase_id", "send_at",
			"sg_template_id", "sg_template_name");

	private SendGridEvents() {
	}

	/** The engine type of a SendGrid event, or null when it maps to none. */
	static String typeOf(String event) {
		if (event == null) {
			return null;
		}
		return switch (event) {
			case "delivered" -> EventTypes.EMAIL_DELIVERED;
			case "open" -> EventTypes.EMAIL_OPENED;
			case "click" -> EventTypes.EMAIL_CLICKED;
			case "bounce", "dropped" -> EventTypes.EMAIL_BOUNCED;
			case "unsubscribe", "group_unsubscribe", "spamreport" -> EventTypes.EMAIL_UNSUBSCRIBED;
			default -> null;
		};
	}

	/**
	 * The engine event of one SendGrid event.
	 * @param node one element of the webhook's array
	 * @return the event, or empty when the SendGrid event maps to none or names no
	 * recipient
	 */
	static Optional<Event> toEvent(JsonNode node) {
		String sendGridType = text(node, "event");
		String type = typeOf(sendGridType);
		String email = text(node, "email");
		if (type == null || email == null || email.isBlank()) {
			return Optional.empty();
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("sendgrid_event", sendGridType);
		copy(node, "sg_message_id", properties, "sg_message_id");
		copy(node, "smtp-id", properties, "smtp_id");
		copy(node, "url", properties, "url");
		copy(node, "reason", properties, "reason");
		copy(node, "status", properties, "status");
		copy(node, "response", properties, "response");
		copy(node, "useragent", properties, "useragent");
		copy(node, "ip", properties, "ip");
		copy(node, "marketing_campaign_id", properties, "marketing_campaign_id");
		copy(node, "singlesend_id", properties, "singlesend_id");
		copy(node, "template_id", properties, "template_id");
		if (node.hasNonNull("asm_group_id")) {
			properties.put("asm_group_id", node.get("asm_group_id").asLong());
		}
		if (node.hasNonNull("sg_machine_open")) {
			properties.put("machine_open", node.get("sg_machine_open").asBoolean());
		}
		switch (sendGridType) {
			case "bounce" -> properties.put("bounce_type", "blocked".equals(text(node, "type")) ? "blocked" : "bounce");
			case "dropped" -> properties.put("bounce_type", "dropped");
			case "unsubscribe" -> properties.put("unsubscribe_type", "all");
			case "group_unsubscribe" -> properties.put("unsubscribe_type", "group");
			case "spamreport" -> properties.put("unsubscribe_type", "spamreport");
			default -> {
			}
		}
		List<String> categories = categories(node);
		if (!categories.isEmpty()) {
			properties.put("categories", categories);
		}
		Map<String, Object> customArgs = customArgs(node);
		if (!customArgs.isEmpty()) {
			properties.put("custom_args", customArgs);
		}
		String campaign = text(node, CAMPAIGN_ARG);
		if (campaign == null) {
			campaign = text(node, "marketing_campaign_name");
		}
		if (campaign == null && !categories.isEmpty()) {
			campaign = categories.get(0);
		}
		Event event = Event.of(type, occurredAt(node), externalId(node), Event.Person.byEmail(email.trim()))
			.withProperties(properties);
		return Optional.of((campaign != null && !campaign.isBlank()) ? event.withCampaign(campaign) : event);
	}

	/**
	 * The event's {@code sg_event_id}, SendGrid's id for de-duplication; for the rare
	 * event without one (legacy marketing email), a hash of the event's JSON, which is
	 * the same on every redelivery.
	 */
	static String externalId(JsonNode node) {
		String id = text(node, "sg_event_id");
		if (id != null && !id.isBlank()) {
			return id;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(node.toString().getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

	/**
	 * SendGrid's {@code timestamp}: Unix seconds, a number or (in old events) a string.
	 */
	static Instant occurredAt(JsonNode node) {
		JsonNode timestamp = node.get("timestamp");
		if (timestamp == null || timestamp.isNull()) {
			throw new IllegalArgumentException("an event has no timestamp");
		}
		if (timestamp.isNumber()) {
			return Instant.ofEpochSecond(timestamp.asLong());
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(timestamp.asText().trim()));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("an event's timestamp is not Unix seconds");
		}
	}

	private static List<String> categories(JsonNode node) {
		JsonNode category = node.get("category");
		List<String> categories = new ArrayList<>();
		if (category == null || category.isNull()) {
			return categories;
		}
		if (category.isArray()) {
			category.forEach((c) -> {
				if (c.isValueNode() && !c.asText().isBlank()) {
					categories.add(c.asText());
				}
			});
		}
		else if (category.isValueNode() && !category.asText().isBlank()) {
			categories.add(category.asText());
		}
		return categories;
	}

	private static Map<String, Object> customArgs(JsonNode node) {
		Map<String, Object> args = new LinkedHashMap<>();
		node.properties().forEach((field) -> {
			if (!RESERVED.contains(field.getKey()) && field.getValue().isValueNode() && !field.getValue().isNull()) {
				args.put(field.getKey(), field.getValue().asText());
			}
		});
		return args;
	}

	private static void copy(JsonNode node, String field, Map<String, Object> properties, String name) {
		String value = text(node, field);
		if (value != null && !value.isEmpty()) {
			properties.put(name, value);
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asText() : null;
	}

}
