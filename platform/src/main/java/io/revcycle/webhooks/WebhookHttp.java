package io.revcycle.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.stereotype.Component;

/**
 * POSTs webhooks over HTTP(S), and says in words what failed when one does not arrive.
 *
 * <p>
 * Apache HttpClient, because its DNS resolver is a hook: the only resolution a connection
 * makes goes through {@link TargetPolicy#resolve(String)}, which checks every address the
 * host has and hands the connection only those, so a DNS answer that changes between the
 * check and the connection cannot lead it to a private address. TLS still verifies the
 * certificate against the host name of the URL. Redirects are not followed (a redirect
 * could name any address), nothing is retried here (the outbox retries), a proxy is never
 * used, and an answer is read for at most {@code connectTimeout + responseTimeout} in
 * all, so a slow endpoint cannot hold the dispatcher.
 */
@Component
class WebhookHttp implements AutoCloseable {

	/** The most of an answer's body read to keep its connection for the next delivery. */
	private static final int MAX_BODY_READ = 64 * 1024;

	private final WebhookSettings settings;

	private final CloseableHttpClient client;

	private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "webhook-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	WebhookHttp(TargetPolicy policy, WebhookSettings settings) {
		this.settings = settings;
		DnsResolver checked = new DnsResolver() {

			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				return policy.resolve(host);
			}

			@Override
			public String resolveCanonicalHostname(String host) {
				return host;
			}

		};
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(checked)
				.setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
					.http1Config(Http1Config.custom().setMaxLineLength(8192).setMaxHeaderCount(200).build())
					.build())
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(settings.connectTimeout()))
					.setSocketTimeout(Timeout.of(settings.responseTimeout()))
					.setTimeToLive(TimeValue.ofMinutes(1))
					.build())
				.setMaxConnTotal(50)
				.setMaxConnPerRoute(4)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setResponseTimeout(Timeout.of(settings.responseTimeout()))
				.setRedirectsEnabled(false)
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.setUserAgent("Revcycle-Webhooks/1")
			.build();
	}

	/**
	 * What came of a POST.
	 *
	 * @param statusCode the status the endpoint answered, or null when it answered none
	 * @param error why the webhook did not arrive, in words for a tenant admin, or null
	 * when it was accepted (a 2xx)
	 */
	record Outcome(Integer statusCode, String error) {

		boolean delivered() {
			return this.error == null;
		}

	}

	/**
	 * POSTs a JSON body. Never throws for a failed delivery: the outcome says what
	 * failed.
	 * @param url an absolute http or https URL
	 * @param headers more request headers
	 */
	Outcome post(URI url, Map<String, String> headers, String json) {
		String target = target(url);
		HttpPost post = new HttpPost(url);
		headers.forEach(post::setHeader);
		post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
		AtomicBoolean overdue = new AtomicBoolean();
		Duration limit = this.settings.connectTimeout().plus(this.settings.responseTimeout());
		ScheduledFuture<?> deadline = this.deadlines.schedule(() -> {
			overdue.set(true);
			post.cancel();
		}, limit.toMillis(), TimeUnit.MILLISECONDS);
		try {
			ClassicHttpResponse response = this.client.executeOpen(null, post, null);
			int status = response.getCode();
			// a short answer is read to its end, so its connection serves the next
			// delivery;
			// a long or endless one is cut
			boolean complete = readAtMost(response.getEntity(), MAX_BODY_READ);
			if (response instanceof ModalCloseable closeable) {
				closeable.close(complete ? CloseMode.GRACEFUL : CloseMode.IMMEDIATE);
			}
			else {
				response.close();
			}
			return new Outcome(status, (status / 100 == 2) ? null : answered(status));
		}
		catch (IOException ex) {
			if (overdue.get()) {
				return new Outcome(null, target + " did not finish answering within " + seconds(limit));
			}
			return new Outcome(null, describe(ex, url.getHost(), target));
		}
		catch (RuntimeException ex) {
			// the client's own checks of a request (a URL it cannot send to)
			return new Outcome(null, "the request to " + target + " could not be sent (the URL is not usable)");
		}
		finally {
			deadline.cancel(false);
		}
	}

	private static boolean readAtMost(HttpEntity entity, int max) throws IOException {
		if (entity == null) {
			return true;
		}
		// not closed: closing it would read the rest of the body, however long
		InputStream in = entity.getContent();
		if (in == null) {
			return true;
		}
		byte[] buffer = new byte[8192];
		int left = max;
		for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
			left -= read;
			if (left < 0) {
				return false;
			}
		}
		return true;
	}

	private static String answered(int status) {
		if (status / 100 == 3) {
			return "the endpoint answered " + status + ", a redirect, which webhooks do not follow; set the URL to "
					+ "the address it redirects to";
		}
		return "the endpoint answered " + status;
	}

	/** What failed, in words for a tenant admin: never an exception's type. */
	String describe(IOException ex, String host, String target) {
		if (ex instanceof TargetPolicy.Refused) {
			return ex.getMessage();
		}
		if (ex instanceof UnknownHostException) {
			return "could not find the address of " + host + " (the name does not resolve)";
		}
		if (ex instanceof ConnectTimeoutException) {
			return "could not connect to " + target + " (no answer within " + seconds(this.settings.connectTimeout())
					+ ")";
		}
		if (ex instanceof NoRouteToHostException) {
			return "could not connect to " + target + " (no route to the host)";
		}
		if (ex instanceof ConnectException) {
			String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
			String why = message.contains("refused") ? "connection refused" : message.contains("unreachable")
					? "network unreachable" : message.contains("timed out") ? "timed out" : "the connection failed";
			return "could not connect to " + target + " (" + why + ")";
		}
		if (ex instanceof SSLPeerUnverifiedException) {
			return "the TLS certificate of " + target + " is not valid for " + host;
		}
		if (ex instanceof SSLHandshakeException) {
			return causedBy(ex, CertificateException.class)
					? "the TLS certificate of " + target
							+ " is not trusted (self-signed, expired, or from an unknown authority)"
					: "the TLS handshake with " + target + " failed (does it speak HTTPS on this port?)";
		}
		if (ex instanceof SSLException) {
			return "the TLS connection to " + target + " failed (does it speak HTTPS on this port?)";
		}
		if (ex instanceof SocketTimeoutException) {
			return "timed out after " + seconds(this.settings.responseTimeout()) + " waiting for the response from "
					+ target;
		}
		if (ex instanceof NoHttpResponseException) {
			return target + " closed the connection without answering";
		}
		if (ex instanceof SocketException) {
			return "the connection to " + target + " was lost before it answered";
		}
		if (ex instanceof org.apache.hc.client5.http.ClientProtocolException
				|| ex instanceof org.apache.hc.core5.http.MessageConstraintException) {
			return target + " did not answer with valid HTTP";
		}
		return "the request to " + target + " failed (a network error)";
	}

	/** {@code host:port}, the port made explicit. */
	static String target(URI url) {
		int port = url.getPort();
		if (port < 0) {
			port = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
		}
		return url.getHost() + ":" + port;
	}

	private static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.deadlines.shutdownNow();
		this.client.close(CloseMode.IMMEDIATE);
	}

}
