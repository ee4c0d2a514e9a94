package io.revcycle.connector.sendgrid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ConnectorConfig;

/**
 * The body of a v3 Mail Send request ({@code POST /v3/mail/send}) built from a
 * {@code send_email} action, and SendGrid's error answers read back.
 * <p>
 * Action input: {@code to} (required), {@code toName}, {@code subject} (required unless
 * {@code templateId}), {@code text} and/or {@code html} (one required unless
 * {@code templateId}), {@code templateId} (a dynamic template, {@code d-...}),
 * {@code dynamicData} (a map for the template), {@code customArgs} (a map of strings),
 * {@code categories} (a list), {@code campaign} (sent as the custom argument
 * {@code campaign}, so the webhook's events carry it back), and {@code from},
 * {@code fromName}, {@code replyTo} to override the configured sender. The action's
 * idempotency key travels as the custom argument {@code revcycle_key}.
 */
final class MailSend {

	static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private MailSend() {
	}

	/**
	 * The request body for an action.
	 * @param action the {@code send_email} action
	 * @param config the connector's configuration (the default sender)
	 * @return the JSON body
	 * @throws IllegalArgumentException when the input cannot make an email, naming the
	 * input to fix
	 */
	static String body(Action action, ConnectorConfig config) {
		String to = required(action, "to");
		if (!EMAIL.matcher(to).matches()) {
			throw new IllegalArgumentException("input 'to' is not an email address");
		}
		String from = firstNonBlank(action.string("from"), config.get("fromEmail").orElse(null));
		if (from == null) {
			throw new IllegalArgumentException(
					"no sender: set the connector's fromEmail or give the action an input 'from'");
		}
		String fromName = firstNonBlank(action.string("fromName"), config.get("fromName").orElse(null));
		String templateId = blankToNull(action.string("templateId"));
		String subject = blankToNull(action.string("subject"));
		String text = blankToNull(action.string("text"));
		String html = blankToNull(action.string("html"));
		if (templateId == null && subject == null) {
			throw new IllegalArgumentException("input 'subject' is required unless a 'templateId' is given");
		}
		if (templateId == null && text == null && html == null) {
			throw new IllegalArgumentException("input 'text' or 'html' is required unless a 'templateId' is given");
		}

		ObjectNode body = JSON.createObjectNode();
		ObjectNode personalization = body.putArray("personalizations").addObject();
		ObjectNode recipient = personalization.putArray("to").addObject().put("email", to);
		String toName = blankToNull(action.string("toName"));
		if (toName != null) {
			recipient.put("name", toName);
		}
		if (action.input().get("dynamicData") instanceof Map<?, ?> data) {
			personalization.set("dynamic_template_data", JSON.valueToTree(data));
		}
		ObjectNode customArgs = personalization.putObject("custom_args");
		if (action.input().get("customArgs") instanceof Map<?, ?> args) {
			// SendGrid accepts only string values in custom_args
			args.forEach((k, v) -> {
				if (k != null && v != null) {
					customArgs.put(String.valueOf(k), String.valueOf(v));
				}
			});
		}
		String campaign = blankToNull(action.string("campaign"));
		if (campaign != null) {
			customArgs.put(SendGridEvents.CAMPAIGN_ARG, campaign);
		}
		customArgs.put(SendGridEvents.KEY_ARG, action.idempotencyKey());

		ObjectNode sender = body.putObject("from").put("email", from);
		if (fromName != null) {
			sender.put("name", fromName);
		}
		String replyTo = blankToNull(action.string("replyTo"));
		if (replyTo != null) {
			body.putObject("reply_to").put("email", replyTo);
		}
		if (subject != null) {
			body.put("subject", subject);
		}
		if (text != null || html != null) {
			// SendGrid requires text/plain first when both are given
			ArrayNode content = body.putArray("content");
			if (text != null) {
				content.addObject().put("type", "text/plain").put("value", text);
			}
			if (html != null) {
				content.addObject().put("type", "text/html").put("value", html);
			}
		}
		if (templateId != null) {
			body.put("template_id", templateId);
		}
		List<String> categories = categories(action.input().get("categories"));
		if (!categories.isEmpty()) {
			ArrayNode array = body.putArray("categories");
			categories.forEach(array::add);
		}
		return body.toString();
	}

	/**
	 * SendGrid's error messages from an error answer ({@code {"errors": [{"message",
	 * "field"}]}}), joined; the status alone when the body is not in that shape.
	 */
	static String errors(int status, String responseBody) {
		List<String> messages = new ArrayList<>();
		try {
			JsonNode errors = JSON.readTree(responseBody).path("errors");
			for (JsonNode error : errors) {
				String message = error.path("message").asText("");
				JsonNode field = error.get("field");
				boolean named = field != null && !field.isNull() && !field.asText().isBlank()
						&& !"null".equals(field.asText());
				messages.add(named ? field.asText() + ": " + message : message);
			}
		}
		catch (Exception ex) {
			// not JSON: fall back to the status
		}
		String joined = String.join("; ", messages);
		return "SendGrid answered " + status + (joined.isBlank() ? "" : ": " + joined);
	}

	private static List<String> categories(Object value) {
		List<String> categories = new ArrayList<>();
		if (value instanceof Collection<?> list) {
			list.stream().filter((c) -> c != null && !String.valueOf(c).isBlank()).forEach((c) -> {
				if (!categories.contains(String.valueOf(c))) {
					categories.add(String.valueOf(c));
				}
			});
		}
		else if (value != null) {
			for (String c : String.valueOf(value).split(",")) {
				if (!c.isBlank() && !categories.contains(c.trim())) {
					categories.add(c.trim());
				}
			}
		}
		return categories;
	}

	private static String required(Action action, String name) {
		String value = blankToNull(action.string(name));
		if (value == null) {
			throw new IllegalArgumentException("input '" + name + "' is required");
		}
		return value.trim();
	}

	private static String firstNonBlank(String first, String second) {
		return (blankToNull(first) != null) ? first.trim() : blankToNull(second);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
