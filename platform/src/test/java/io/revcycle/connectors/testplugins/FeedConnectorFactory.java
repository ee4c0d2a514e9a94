package io.revcycle.connectors.testplugins;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.revcycle.plugin.api.Action;
import io.revcycle.plugin.api.ActionResult;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.Http;
import io.revcycle.plugin.api.PluginApi;
import io.revcycle.plugin.api.PollResult;

/**
 * A small polling and acting connector for the platform's tests. Its remote system is a
 * local HTTP server: {@code GET {base}/changes?after=<cursor>} answers lines
 * {@code <seq> <email> <type>} (an email {@code -} makes an event the engine refuses);
 * {@code POST {base}/actions} performs an action, with the idempotency key in a header.
 */
public class FeedConnectorFactory implements ConnectorFactory {

	@Override
	public ConnectorDescriptor descriptor() {
		return new ConnectorDescriptor("feed", "Feed", "1.0.0", PluginApi.REQUIRES, ConnectorDescriptor.Category.OTHER,
				"Polls a feed of changes", Set.of("content_downloaded"), Set.of("notify"), Set.of("feed.example"));
	}

	@Override
	public ConfigSpec configSpec() {
		return ConfigSpec.of(ConfigField.url("base").asRequired().withDescription("The feed's address"),
				ConfigField.string("token").asSecret().withDescription("The feed's token"));
	}

	@Override
	public Connector create(ConnectorContext context) {
		String base = context.config().require("base");
		return new Connector() {

			@Override
			public CheckResult check() throws IOException {
				Http.Response response = context.http().send(Http.Request.get(URI.create(base + "/changes?after=0")));
				return response.ok() ? CheckResult.ok("reachable") : CheckResult.failed("status " + response.status());
			}

			@Override
			public PollResult poll(String cursor) throws IOException {
				String after = (cursor != null) ? cursor : "0";
				Http.Response response = context.http()
					.send(Http.Request.get(URI.create(base + "/changes?after=" + after)));
				if (!response.ok()) {
					throw new IOException("feed answered " + response.status());
				}
				List<Event> events = new ArrayList<>();
				String last = after;
				for (String line : response.text().split("\n")) {
					if (line.isBlank()) {
						continue;
					}
					String[] parts = line.trim().split(" ");
					String email = "-".equals(parts[1]) ? null : parts[1];
					events.add(Event.of(parts[2], Instant.parse("2026-11-20T10:00:00Z"), "feed-" + parts[0],
							new Event.Person(email, null, null, null, null, null, null)));
					last = parts[0];
				}
				return new PollResult(events, last, false);
			}

			@Override
			public ActionResult perform(Action action) throws IOException {
				Http.Response response = context.http()
					.send(Http.Request.post(URI.create(base + "/actions"), "text/plain", action.string("text"))
						.withHeader("Idempotency-Key", action.idempotencyKey()));
				if (response.status() == 400) {
					return ActionResult.failed("the feed refused it: " + response.text());
				}
				if (!response.ok()) {
					return ActionResult.retry("the feed answered " + response.status(), null);
				}
				return ActionResult.done(response.text().trim());
			}

		};
	}

}
