package io.revcycle.plugin.host;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import io.revcycle.plugin.api.Http;

/**
 * The HTTP client of one connector instance, on {@link java.net.http}: only the allowed
 * hosts, redirects never followed (a redirect could lead anywhere), the policy's timeout
 * unless the request sets one, and nothing at all while a webhook is handled.
 */
final class HostHttp implements Http {

	/**
	 * One client for every instance: no cookie handler (nothing is shared between tenants
	 * but pooled connections), no redirects.
	 */
	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String connectorId;

	private final AllowedHosts hosts;

	private final Duration timeout;

	private final BooleanSupplier handlingWebhook;

	HostHttp(String connectorId, AllowedHosts hosts, Duration timeout, BooleanSupplier handlingWebhook) {
		this.connectorId = connectorId;
		this.hosts = hosts;
		this.timeout = timeout;
		this.handlingWebhook = handlingWebhook;
	}

	@Override
	public Response send(Request request) throws IOException {
		Objects.requireNonNull(request, "request");
		URI uri = Objects.requireNonNull(request.uri(), "uri");
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
			throw new IllegalArgumentException("Only absolute http and https URIs can be called, not " + uri);
		}
		String host = uri.getHost();
		if (this.handlingWebhook.getAsBoolean()) {
			throw new SecurityException("Connector '" + this.connectorId + "' called " + host
					+ " while handling a webhook: network I/O is not allowed while a webhook is handled; "
					+ "verify the signature and map the events from the request alone");
		}
		if (!this.hosts.allows(host)) {
			throw new SecurityException("Connector '" + this.connectorId + "' may not call host '" + host
					+ "': it is not among the hosts it may call " + this.hosts
					+ "; declare it in ConnectorDescriptor.hosts(), or ask the operator to allow it");
		}
		String method = (request.method() != null) ? request.method().toUpperCase(Locale.ROOT) : "GET";
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.timeout((request.timeout() != null) ? request.timeout() : this.timeout)
			.method(method, (request.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(request.body())
					: HttpRequest.BodyPublishers.noBody());
		for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
			for (String value : header.getValue()) {
				builder.header(header.getKey(), value);
			}
		}
		try {
			HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException(
					"The call to " + host + " was interrupted: the connector's call timed out or is being closed");
		}
	}

}
