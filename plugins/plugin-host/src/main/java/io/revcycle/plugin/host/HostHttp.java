package io.revcycle.plugin.host;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.BooleanSupplier;

import io.revcycle.plugin.api.Http;

/**
 * The HTTP client of one connector instance, on {@link java.net.http}: only the allowed
 * hosts (and ports, where an entry names one), redirects never followed (a redirect could
 * lead anywhere), the policy's timeout unless the request sets one, response bodies of at
 * most {@link #MAX_BODY_BYTES}, and nothing at all while a webhook is handled.
 */
final class HostHttp implements Http {

	/**
	 * The largest response body read, 10 MiB: a larger one fails the call with an
	 * {@link IOException}, and the rest of it is not read.
	 */
	static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

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

	private final long maxBodyBytes;

	HostHttp(String connectorId, AllowedHosts hosts, Duration timeout, BooleanSupplier handlingWebhook) {
		this(connectorId, hosts, timeout, handlingWebhook, MAX_BODY_BYTES);
	}

	HostHttp(String connectorId, AllowedHosts hosts, Duration timeout, BooleanSupplier handlingWebhook,
			long maxBodyBytes) {
		this.connectorId = connectorId;
		this.hosts = hosts;
		this.timeout = timeout;
		this.handlingWebhook = handlingWebhook;
		if (maxBodyBytes < 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("maxBodyBytes must fit in an array: " + maxBodyBytes);
		}
		this.maxBodyBytes = maxBodyBytes;
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
		int port = (uri.getPort() != -1) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
		if (!this.hosts.allows(host, port)) {
			throw new SecurityException("Connector '" + this.connectorId + "' may not call host '" + host + "' on port "
					+ port + ": it is not among the hosts it may call " + this.hosts
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
			HttpResponse<byte[]> response = CLIENT.send(builder.build(),
					(info) -> new CappedBody(host, this.maxBodyBytes, announced(info.headers())));
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException(
					"The call to " + host + " was interrupted: the connector's call timed out or is being closed");
		}
	}

	/** The Content-Length of a response, or -1 when it has none that can be read. */
	private static long announced(HttpHeaders headers) {
		try {
			return headers.firstValueAsLong("Content-Length").orElse(-1);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Reads a body of at most the given size, and fails as soon as more comes (or a
	 * larger {@code Content-Length} is announced), cancelling the rest, which closes the
	 * connection.
	 */
	private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> body = new CompletableFuture<>();

		private final List<byte[]> chunks = new ArrayList<>();

		private final String host;

		private final long max;

		private final long announced;

		private Flow.Subscription subscription;

		private long received;

		CappedBody(String host, long max, long announced) {
			this.host = host;
			this.max = max;
			this.announced = announced;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.body;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.announced > this.max) {
				tooLarge("announces " + this.announced + " bytes");
				return;
			}
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.body.isDone()) {
				return;
			}
			for (ByteBuffer buffer : buffers) {
				int size = buffer.remaining();
				if (this.received + size > this.max) {
					tooLarge("has more than " + this.max + " bytes");
					return;
				}
				byte[] chunk = new byte[size];
				buffer.get(chunk);
				this.chunks.add(chunk);
				this.received += size;
			}
		}

		@Override
		public void onError(Throwable error) {
			this.chunks.clear();
			this.body.completeExceptionally(error);
		}

		@Override
		public void onComplete() {
			byte[] all = new byte[Math.toIntExact(this.received)];
			int at = 0;
			for (byte[] chunk : this.chunks) {
				System.arraycopy(chunk, 0, all, at, chunk.length);
				at += chunk.length;
			}
			this.chunks.clear();
			this.body.complete(all);
		}

		private void tooLarge(String what) {
			this.subscription.cancel();
			this.chunks.clear();
			this.body.completeExceptionally(
					new IOException("The response of " + this.host + " " + what + ", more than the host reads ("
							+ describe(this.max) + "); the call failed and the rest of the body was not read"));
		}

		private static String describe(long bytes) {
			return (bytes % (1024 * 1024) == 0) ? (bytes / (1024 * 1024)) + " MiB" : bytes + " bytes";
		}

	}

}
