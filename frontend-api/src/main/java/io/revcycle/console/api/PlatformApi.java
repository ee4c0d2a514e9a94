package io.revcycle.console.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The platform's public API, called through the gateway with the signed-in user's access
 * token (refreshed when it expires). The console can do nothing the API cannot: every
 * page reads and writes through here, and stores no domain data of its own. Error answers
 * become {@link ApiProblem}s. A page that needs several answers starts them together
 * ({@link #getLater}) and waits for them all, so it takes as long as its slowest call,
 * not the sum of them.
 */
@Component
public class PlatformApi implements DisposableBean {

	/** Calls in flight at once for all pages; more wait in line for a free thread. */
	private static final int PARALLEL_CALLS = 32;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	private final RestClient http;

	private final OAuth2AuthorizedClientManager clients;

	private final ExecutorService calls;

	PlatformApi(@Value("${revcycle.api-url}") String baseUrl, OAuth2AuthorizedClientManager clients) {
		this.baseUrl = baseUrl.replaceAll("/+$", "");
		this.clients = clients;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			// the gateway speaks HTTP/1.1 in clear: no h2c upgrade offered on every
			// request
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build());
		requests.setReadTimeout(Duration.ofSeconds(30));
		this.http = RestClient.builder().requestFactory(requests).build();
		AtomicInteger threads = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL_CALLS, PARALLEL_CALLS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "platform-call-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		pool.allowCoreThreadTimeOut(true);
		this.calls = pool;
	}

	@Override
	public void destroy() {
		this.calls.shutdownNow();
	}

	/** The gateway's address that the console calls. */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * A path of the API with its variables expanded and encoded, to add query parameters
	 * to.
	 */
	public Path path(String template, Object... variables) {
		return new Path(UriComponentsBuilder.fromUriString(this.baseUrl + template), variables);
	}

	public JsonNode get(Path path) {
		return exchange(this.http.get().uri(path.uri()));
	}

	/**
	 * Starts a GET now and answers at once; {@link Later#join()} waits for its answer.
	 * The signed-in user's token is taken here, on the request's thread.
	 */
	public Later getLater(Path path) {
		String token = accessToken();
		URI uri = path.uri();
		return new Later(CompletableFuture.supplyAsync(() -> exchange(this.http.get().uri(uri), token), this.calls));
	}

	public JsonNode post(Path path, Object body) {
		return exchange(this.http.post()
			.uri(path.uri())
			.contentType(MediaType.APPLICATION_JSON)
			.body(JSON.writeValueAsString((body != null) ? body : JsonNodeFactory.instance.objectNode())));
	}

	/** Posts raw text with its content type (a CSV file, say). */
	public JsonNode postText(Path path, String body, MediaType type) {
		return exchange(this.http.post().uri(path.uri()).contentType(type).body(body));
	}

	/**
	 * Posts a file with its content type, asking for a background job
	 * ({@code Prefer: respond-async}): the platform answers 202 with the job.
	 */
	public JsonNode postForJob(Path path, byte[] body, MediaType type) {
		return exchange(
				this.http.post().uri(path.uri()).contentType(type).header("Prefer", "respond-async").body(body));
	}

	public JsonNode put(Path path, Object body) {
		return exchange(this.http.put()
			.uri(path.uri())
			.contentType(MediaType.APPLICATION_JSON)
			.body(JSON.writeValueAsString(body)));
	}

	public JsonNode patch(Path path, Object body) {
		return exchange(this.http.patch()
			.uri(path.uri())
			.contentType(MediaType.APPLICATION_JSON)
			.body(JSON.writeValueAsString(body)));
	}

	public JsonNode delete(Path path) {
		return exchange(this.http.delete().uri(path.uri()));
	}

	private JsonNode exchange(RestClient.RequestHeadersSpec<?> request) {
		return exchange(request, accessToken());
	}

	private static JsonNode exchange(RestClient.RequestHeadersSpec<?> request, String token) {
		return request.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json")
			.exchange((req, response) -> {
				byte[] body = StreamUtils.copyToByteArray(response.getBody());
				if (response.getStatusCode().isError()) {
					throw problem(response.getStatusCode(), response, body);
				}
				if (body.length == 0) {
					return JsonNodeFactory.instance.nullNode();
				}
				return JSON.readTree(new String(body, StandardCharsets.UTF_8));
			});
	}

	private static ApiProblem problem(HttpStatusCode status, ClientHttpResponse response, byte[] body) {
		String title = null;
		String detail = null;
		List<ApiProblem.FieldError> errors = new ArrayList<>();
		MediaType type = response.getHeaders().getContentType();
		if (type != null && type.getSubtype().endsWith("json") && body.length > 0) {
			try {
				JsonNode problem = JSON.readTree(new String(body, StandardCharsets.UTF_8));
				title = text(problem.get("title"));
				detail = text(problem.get("detail"));
				for (JsonNode error : problem.path("errors")) {
					errors.add(new ApiProblem.FieldError(text(error.get("field")), text(error.get("message"))));
				}
			}
			catch (RuntimeException ex) {
				// not a problem document: the status alone says what happened
			}
		}
		if (title == null) {
			title = switch (status.value()) {
				case 404 -> "Not found";
				case 403 -> "Not allowed";
				case 429 -> "Too many requests";
				default -> (status.is5xxServerError()) ? "The service is unavailable" : "Request refused";
			};
		}
		return new ApiProblem(status.value(), title, detail, errors);
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asString();
	}

	/**
	 * The access token of the signed-in user, refreshed with Keycloak when it expired.
	 */
	public String accessToken() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null) {
			throw new ClientAuthorizationRequiredException("keycloak");
		}
		OAuth2AuthorizedClient client = this.clients
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("keycloak").principal(authentication).build());
		if (client == null) {
			throw new ClientAuthorizationRequiredException("keycloak");
		}
		return client.getAccessToken().getTokenValue();
	}

	/** The answer of a call started earlier. */
	public static final class Later {

		private final CompletableFuture<JsonNode> answer;

		Later(CompletableFuture<JsonNode> answer) {
			this.answer = answer;
		}

		/**
		 * The answer, once it has come; a refusal is thrown as it would have been by a
		 * call made here.
		 */
		public JsonNode join() {
			try {
				return this.answer.join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException cause) {
					throw cause;
				}
				throw ex;
			}
		}

		/** The answer, or {@code null} when the platform has no such thing (404). */
		public JsonNode joinOrNull() {
			try {
				return join();
			}
			catch (ApiProblem ex) {
				if (ex.notFound()) {
					return null;
				}
				throw ex;
			}
		}

	}

	/** A path of the API with query parameters; blank values are left out. */
	public static final class Path {

		private final UriComponentsBuilder builder;

		private final Object[] variables;

		Path(UriComponentsBuilder builder, Object[] variables) {
			this.builder = builder;
			this.variables = variables;
		}

		public Path query(String name, Object value) {
			if (value != null && !value.toString().isBlank()) {
				this.builder.queryParam(name, "{q" + name + "}");
				this.queryValues.add(value.toString());
			}
			return this;
		}

		private final List<Object> queryValues = new ArrayList<>();

		URI uri() {
			List<Object> all = new ArrayList<>(List.of(this.variables));
			all.addAll(this.queryValues);
			return this.builder.encode().buildAndExpand(all.toArray()).toUri();
		}

	}

}
