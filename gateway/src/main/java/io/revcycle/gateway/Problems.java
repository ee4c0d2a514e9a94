package io.revcycle.gateway;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * The one mapping from what went wrong to the problem the gateway answers, whichever
 * layer noticed it: the HTTP decoder (a request line or headers over the limits, a URL
 * that cannot be parsed), the request firewall, the framework (no handler, wrong method,
 * media types), the filters (rate and size limits), or the service behind (down, too
 * slow). Every answer is a 4xx, or a 502/503/504 when the service behind failed, with a
 * detail that says what to change and names no server software or internal type.
 */
final class Problems {

	/**
	 * The methods the gateway passes on; anything else (TRACE, CONNECT, made-up methods)
	 * is answered 405.
	 */
	static final List<HttpMethod> ALLOWED_METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
			HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

	/**
	 * How long a client should wait before retrying when the service behind is not
	 * reachable: long enough for a restart to make progress, short enough not to lose a
	 * sender's patience.
	 */
	static final Duration RETRY_UNAVAILABLE = Duration.ofSeconds(5);

	/**
	 * The header in which {@code RequestSize} names the limit a body broke; it must not
	 * reach the client.
	 */
	static final String SIZE_LIMIT_HEADER = "errorMessage";

	private static final String API_DOCS = "the API documentation at /v3/api-docs";

	/** What each character sequence the firewall refuses in a path is, in words. */
	private static final Map<String, String> REFUSED_IN_PATHS = refusedInPaths();

	private Problems() {
	}

	/**
	 * The problem for an error status answered without a body: by the framework (an
	 * actuator path that does not exist), by the rate limiter (429, with
	 * {@code Retry-After}) or by the body size limit (413).
	 * @param status the status, 4xx or 5xx
	 * @param responseHeaders the headers set so far, which may say more (the rate
	 * limiter's replenish rate, the size filter's limit)
	 */
	static Problem forStatus(HttpStatusCode status, HttpHeaders responseHeaders) {
		HttpStatus known = HttpStatus.resolve(status.value());
		if (known == HttpStatus.TOO_MANY_REQUESTS) {
			return Problem
				.of(known, "Rate limit exceeded for your tenant; retry after the number of seconds in Retry-After.")
				.withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(responseHeaders)));
		}
		if (known == HttpStatus.PAYLOAD_TOO_LARGE) {
			String limit = responseHeaders.getFirst(SIZE_LIMIT_HEADER);
			return Problem.of(known, "The request body is too large" + ((limit != null) ? " (" + limit + ")" : "")
					+ "; send less per request (for example, split a batch).");
		}
		return forStatus(status);
	}

	/** The problem for a status, with the gateway's general detail for it. */
	static Problem forStatus(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		if (known == null) {
			known = status.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String detail = switch (known) {
			case BAD_REQUEST ->
				"The request is malformed: check the URL, the headers and the body against " + API_DOCS + ".";
			case UNAUTHORIZED -> "Authentication required: send 'Authorization: Bearer <access token>' from the "
					+ "revcycle realm, or a tenant API key in 'X-Api-Key'.";
			case FORBIDDEN -> "Your credentials do not allow this request; ask a tenant admin for the role it needs.";
			case NOT_FOUND -> "Nothing is served at this path: check it against " + API_DOCS + ".";
			case METHOD_NOT_ALLOWED -> "This method is not allowed at this path: check " + API_DOCS + ".";
			case NOT_ACCEPTABLE -> "This path cannot answer in a media type your Accept header allows: accept "
					+ "application/json (errors come as application/problem+json).";
			case REQUEST_TIMEOUT -> "The request was not received in time: send it again, without pauses.";
			case LENGTH_REQUIRED -> "This request needs a Content-Length header: send the body with its length.";
			case PAYLOAD_TOO_LARGE ->
				"The request body is too large; send less per request (for example, split a batch).";
			case URI_TOO_LONG -> "The URL is too long: shorten it (fewer or shorter query parameters).";
			case UNSUPPORTED_MEDIA_TYPE ->
				"The request's Content-Type is not supported at this path: send application/json.";
			case TOO_MANY_REQUESTS -> "Too many requests; retry later.";
			case REQUEST_HEADER_FIELDS_TOO_LARGE ->
				"The request headers are too large: send fewer or smaller headers (cookies included).";
			case BAD_GATEWAY -> "The service behind the gateway closed the connection or answered with something "
					+ "that is not HTTP; retry if repeating the request is safe.";
			case SERVICE_UNAVAILABLE ->
				"The service behind the gateway is unavailable; retry after the number of seconds in Retry-After.";
			case GATEWAY_TIMEOUT -> "The service behind the gateway did not answer in time; the request may or "
					+ "may not have taken effect: retry it if repeating it is safe.";
			default -> known.is4xxClientError()
					? "The request was refused (" + known.getReasonPhrase().toLowerCase(Locale.ROOT) + ")."
					: "The gateway could not handle the request; retry, and if it keeps failing, report the "
							+ "X-Request-Id of this answer.";
		};
		Problem problem = Problem.of(known, detail);
		return (known == HttpStatus.SERVICE_UNAVAILABLE)
				? problem.withHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_UNAVAILABLE.toSeconds())) : problem;
	}

	/**
	 * The problem for an exception that reached the top of the gateway: the framework's
	 * own refusals (wrong method, media types, unreadable input), and failures to reach
	 * the service behind. A connection that cannot be made (refused, no route, unknown
	 * host, connect timeout) is 503 with {@code Retry-After}: nothing reached the
	 * service, so a retry is safe. No answer within the response timeout is 504; a
	 * connection closed before the answer is 502. Anything else is 500.
	 */
	static Problem forException(Throwable ex) {
		if (ex instanceof MethodNotAllowedException notAllowed) {
			String allowed = notAllowed.getSupportedMethods()
				.stream()
				.map(HttpMethod::name)
				.sorted()
				.collect(Collectors.joining(", "));
			return withHeaders(
					Problem
						.of(HttpStatus.METHOD_NOT_ALLOWED,
								"The method " + notAllowed.getHttpMethod() + " is not allowed at this path; use "
										+ (allowed.isEmpty() ? "another path" : "one of: " + allowed) + "."),
					notAllowed);
		}
		if (ex instanceof NotAcceptableStatusException notAcceptable) {
			return Problem.of(HttpStatus.NOT_ACCEPTABLE,
					"This path cannot answer in a media type your Accept header allows; accept one of: "
							+ mediaTypes(notAcceptable.getSupportedMediaTypes()) + ".");
		}
		if (ex instanceof UnsupportedMediaTypeStatusException unsupported) {
			MediaType sent = unsupported.getContentType();
			return withHeaders(Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The Content-Type " + ((sent != null) ? "'" + sent + "' " : "") + "is not supported at this path; "
							+ "send one of: " + mediaTypes(unsupported.getSupportedMediaTypes()) + "."),
					unsupported);
		}
		if (ex instanceof ServerWebInputException input) {
			return withHeaders(Problem.of(HttpStatus.BAD_REQUEST,
					"The request could not be read: check the body (well-formed JSON) and the parameters' "
							+ "formats against " + API_DOCS + "."),
					input);
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException) {
				return forStatus(HttpStatus.SERVICE_UNAVAILABLE);
			}
			if (cause instanceof ReadTimeoutException) {
				return forStatus(HttpStatus.GATEWAY_TIMEOUT);
			}
			if (cause instanceof PrematureCloseException) {
				return forStatus(HttpStatus.BAD_GATEWAY);
			}
		}
		if (ex instanceof ResponseStatusException status) {
			return withHeaders(forStatus(status.getStatusCode()), status);
		}
		return forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
	}

	/**
	 * The problem for a request the firewall refused: a method the gateway does not pass
	 * on (405 with {@code Allow}), a path that carries sequences used to reach other
	 * paths (encoded {@code /}, {@code \}, {@code .} or {@code %}, {@code ;}, NUL, line
	 * breaks, {@code .}/{@code ..} segments), or a header or parameter with control
	 * characters (400).
	 * @param request the refused request
	 * @param firewall the firewall that refused it, whose lists name the sequence
	 */
	static Problem forRejectedRequest(ServerHttpRequest request, StrictServerWebExchangeFirewall firewall) {
		if (!ALLOWED_METHODS.contains(request.getMethod())) {
			String allowed = ALLOWED_METHODS.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
			return Problem
				.of(HttpStatus.METHOD_NOT_ALLOWED,
						"The method " + request.getMethod().name() + " is not allowed; use one of: " + allowed + ".")
				.withHeader(HttpHeaders.ALLOW, allowed);
		}
		String rawPath = request.getURI().getRawPath();
		String decodedPath = request.getURI().getPath();
		String sequence = firewall.getEncodedUrlBlocklist()
			.stream()
			.filter((s) -> contains(rawPath, s) || contains(request.getPath().value(), s))
			.findFirst()
			.or(() -> firewall.getDecodedUrlBlocklist().stream().filter((s) -> contains(decodedPath, s)).findFirst())
			.orElse(null);
		if (sequence != null) {
			String what = REFUSED_IN_PATHS.getOrDefault(sequence.toLowerCase(Locale.ROOT), "a character sequence");
			return Problem.of(HttpStatus.BAD_REQUEST, "The URL path contains " + what + " ('" + printable(sequence)
					+ "'), which the gateway refuses in paths: send plain path segments (ids are UUIDs), and put "
					+ "values that need such characters in a query parameter or the body.");
		}
		if (!normalized(rawPath) || !normalized(decodedPath)) {
			return Problem.of(HttpStatus.BAD_REQUEST, "The URL path contains '.' or '..' segments: send the "
					+ "normalized path, without '/./' or '/../'.");
		}
		return Problem.of(HttpStatus.BAD_REQUEST, "A header or query parameter contains characters that are not "
				+ "allowed (control characters or unassigned code points): remove them, or percent-encode them in "
				+ "query parameters.");
	}

	/**
	 * The problem for a request target (the URL of the request line) that cannot be read
	 * as a URL at all: a {@code %} not followed by two hexadecimal digits, or a character
	 * that must be percent-encoded. The framework turns the request target into a URI the
	 * same way, and refuses it with an empty 400 when that fails.
	 * @param requestTarget the request target as received
	 * @return the problem, or empty when the URL can be read
	 */
	static Optional<Problem> forUnreadableUrl(String requestTarget) {
		String pathAndQuery = pathAndQuery(requestTarget);
		String base = "http://localhost";
		try {
			new URI(base + pathAndQuery);
			return Optional.empty();
		}
		catch (URISyntaxException ex) {
			int at = ex.getIndex() - base.length();
			if (at < 0 || at >= pathAndQuery.length()) {
				return Optional.of(Problem.of(HttpStatus.BAD_REQUEST,
						"The URL cannot be read: send an absolute path such as /api/v1/people, percent-encoding "
								+ "characters outside letters, digits and -._~!$&'()*+,;=:@/?"));
			}
			char c = pathAndQuery.charAt(at);
			if (c == '%') {
				String near = pathAndQuery.substring(at, Math.min(pathAndQuery.length(), at + 3));
				return Optional.of(Problem
					.of(HttpStatus.BAD_REQUEST, "The URL has a '%' that does not start a percent-encoded byte ('"
							+ printable(near) + "' at character " + (at + 1)
							+ "): a '%' must be followed by two hexadecimal digits, so send a literal '%' as '%25'."));
			}
			return Optional.of(Problem.of(HttpStatus.BAD_REQUEST,
					"The URL contains a character that must be percent-encoded ('" + printable(String.valueOf(c))
							+ "' at character " + (at + 1) + "): send it as " + percentEncoded(c) + "."));
		}
	}

	/**
	 * The problem for a request the HTTP decoder could not take: a request line or
	 * headers over the limits, or a request that is not HTTP/1.1.
	 * @param cause the decoder's reason
	 * @param maxRequestLine the limit of the request line (method, URL and version)
	 * @param maxHeaders the limit of all headers together
	 */
	static Problem forUndecodableRequest(Throwable cause, DataSize maxRequestLine, DataSize maxHeaders) {
		if (cause instanceof TooLongHttpLineException) {
			return Problem.of(HttpStatus.URI_TOO_LONG, "The URL is too long: the request line is limited to "
					+ size(maxRequestLine) + "; shorten the URL (fewer or shorter query parameters).");
		}
		if (cause instanceof TooLongHttpHeaderException) {
			return Problem.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
					"The request headers are too large: they are limited to " + size(maxHeaders) + " in all; send "
							+ "fewer or smaller headers (cookies included).");
		}
		return Problem.of(HttpStatus.BAD_REQUEST, "The request is not valid HTTP/1.1 (a malformed request line or "
				+ "header, control characters in a header, or a malformed chunked body): fix the client's request.");
	}

	/**
	 * Seconds until the rate limiter's bucket holds the tokens one request needs again:
	 * the limiter's own {@code Retry-After} when it gave one, else from the replenish
	 * rate; at least 1.
	 */
	static long retryAfterSeconds(HttpHeaders headers) {
		try {
			String given = headers.getFirst(HttpHeaders.RETRY_AFTER);
			if (given != null) {
				return Math.max(1, Long.parseLong(given.trim()));
			}
			double replenish = Double.parseDouble(headers.getFirst(RateLimits.REPLENISH_RATE_HEADER));
			double requested = Double.parseDouble(headers.getFirst(RateLimits.REQUESTED_TOKENS_HEADER));
			return Math.max(1, (long) Math.ceil(requested / replenish));
		}
		catch (RuntimeException ex) {
			return 1;
		}
	}

	private static Problem withHeaders(Problem problem, ErrorResponse error) {
		Problem result = problem;
		for (Map.Entry<String, List<String>> header : error.getHeaders().headerSet()) {
			result = result.withHeader(header.getKey(), String.join(", ", header.getValue()));
		}
		return result;
	}

	private static String mediaTypes(List<MediaType> types) {
		return types.isEmpty() ? "application/json"
				: types.stream().map(MediaType::toString).distinct().collect(Collectors.joining(", "));
	}

	/**
	 * The path and query of a request target, as the framework reads it: an absolute-form
	 * target ({@code http://host/path}) loses its scheme and authority.
	 */
	private static String pathAndQuery(String target) {
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c == '/' || c == '?' || c == '#') {
				break;
			}
			if (c == ':' && target.startsWith("//", i + 1)) {
				for (int j = i + 3; j < target.length(); j++) {
					char d = target.charAt(j);
					if (d == '/' || d == '?' || d == '#') {
						return target.substring(j);
					}
				}
				return "";
			}
		}
		return target;
	}

	private static boolean contains(String value, String sequence) {
		return value != null && value.contains(sequence);
	}

	/** Whether a path has no {@code .} or {@code ..} segment, as the firewall checks. */
	private static boolean normalized(String path) {
		if (path == null) {
			return true;
		}
		for (String segment : path.split("/", -1)) {
			if (segment.equals(".") || segment.equals("..")) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A character sequence as it can be shown in a detail: controls as {@code U+XXXX}.
	 */
	private static String printable(String text) {
		StringBuilder out = new StringBuilder();
		text.codePoints().forEach((cp) -> {
			if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
				out.append(String.format("U+%04X", cp));
			}
			else {
				out.appendCodePoint(cp);
			}
		});
		return out.toString();
	}

	private static String percentEncoded(char c) {
		byte[] bytes = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder();
		for (byte b : bytes) {
			out.append('%').append(String.format("%02X", b & 0xff));
		}
		return "'" + out + "'";
	}

	private static String size(DataSize size) {
		long bytes = size.toBytes();
		return (bytes % 1024 == 0) ? (bytes / 1024) + " KB" : bytes + " bytes";
	}

	private static Map<String, String> refusedInPaths() {
		Map<String, String> words = new LinkedHashMap<>();
		words.put("%2f", "an encoded slash");
		words.put("//", "an empty path segment");
		words.put("%2f%2f", "two encoded slashes");
		words.put(";", "a semicolon (path parameters are not supported)");
		words.put("%3b", "an encoded semicolon");
		words.put("\\", "a backslash");
		words.put("%5c", "an encoded backslash");
		words.put("%2e", "an encoded period");
		words.put("%25", "an encoded percent sign");
		words.put("%", "a percent sign once decoded");
		words.put("\0", "a NUL character");
		words.put("%00", "an encoded NUL character");
		words.put("\n", "a line feed");
		words.put("%0a", "an encoded line feed");
		words.put("\r", "a carriage return");
		words.put("%0d", "an encoded carriage return");
		words.put("\u2028", "a line separator");
		words.put("\u2029", "a paragraph separator");
		return Map.copyOf(words);
	}

}
