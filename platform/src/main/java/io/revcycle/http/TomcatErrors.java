package io.revcycle.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Errors the web server answers itself, before any handler of ours runs: a URL that is
 * not valid UTF-8 once percent-decoded (or that decodes to an encoded {@code /} or a
 * {@code ..} segment), a request line and headers over
 * {@code server.max-http-request-header-size}, a malformed request. They are answered as
 * problem+json like every other error of the API, with a detail that says what to fix,
 * instead of the server's HTML page that names it. The host's error report valve is
 * replaced by {@link ProblemReportValve}; it writes only when nothing else has (errors of
 * the application go through its own error handling first).
 */
@Component
class TomcatErrors implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	private final DataSize maxHeaderSize;

	TomcatErrors(ServerProperties server) {
		this.maxHeaderSize = server.getMaxHttpRequestHeaderSize();
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Container host = context.getParent();
			Pipeline pipeline = host.getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			if (host instanceof StandardHost standardHost) {
				// the host adds a valve of this class when it starts, unless one is there
				standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
			}
			ProblemReportValve valve = new ProblemReportValve();
			valve.setMaxHeaderSize(this.maxHeaderSize.toBytes());
			pipeline.addValve(valve);
		});
	}

	/** After the framework's own customizer, which adds an HTML error report valve. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Reports an error the server answers itself as an RFC 9457 problem, and never names
	 * the server or shows a stack trace.
	 */
	public static class ProblemReportValve extends ErrorReportValve {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		/** The HTTP/1.1 parser's message when the request line and headers overflow. */
		private static final String HEADERS_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
			.getString("iib.requestheadertoolarge.error");

		/** The start of the connector's message for a URL it cannot decode. */
		private static final String INVALID_URI = StringManager.getManager("org.apache.catalina.connector")
			.getString("coyoteAdapter.invalidURI");

		private static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

		private long maxHeaderSize;

		public ProblemReportValve() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		/** The limit of the request line and headers together, for the detail. */
		public void setMaxHeaderSize(long maxHeaderSize) {
			this.maxHeaderSize = maxHeaderSize;
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			AtomicBoolean ioAllowed = new AtomicBoolean(false);
			response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
			if (!ioAllowed.get()) {
				return;
			}
			HttpStatus answered = answeredStatus(status, throwable, request.getMethod());
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(answered,
					detail(answered, status, response.getMessage(), request.getRequestURI()));
			URI instance = instance(request);
			if (instance != null) {
				problem.setInstance(instance);
			}
			try {
				response.setStatus(answered.value());
				if (answered == HttpStatus.SERVICE_UNAVAILABLE) {
					response.setHeader(HttpHeaders.RETRY_AFTER, "5");
				}
				if (answered == HttpStatus.METHOD_NOT_ALLOWED) {
					response.setHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
				}
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.setCharacterEncoding("UTF-8");
				Writer writer = response.getReporter();
				if (writer != null) {
					writer.write(JSON.writeValueAsString(problem));
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client is gone, or the response cannot be written any more
			}
		}

		/**
		 * The status to answer. The server answers 400 for a request line and headers
		 * over the limit, which is a 431; and 501 or 505 for bad input (CONNECT, a
		 * transfer coding or an HTTP version it does not take), which is a 405 or a 400:
		 * bad input never gets a 5xx.
		 */
		private static HttpStatus answeredStatus(int status, Throwable throwable, String method) {
			if (status == 400 && throwable instanceof IllegalArgumentException
					&& HEADERS_TOO_LARGE.equals(throwable.getMessage())) {
				return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
			}
			if (status == 501 && "CONNECT".equals(method)) {
				return HttpStatus.METHOD_NOT_ALLOWED;
			}
			if (status == 501 || status == 505) {
				return HttpStatus.BAD_REQUEST;
			}
			HttpStatus known = HttpStatus.resolve(status);
			return (known != null) ? known : (status < 500) ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
		}

		private String detail(HttpStatus status, int refused, String message, String rawUri) {
			return switch (status) {
				case BAD_REQUEST -> badRequest(refused, message, rawUri);
				case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request line and headers are too large"
						+ ((this.maxHeaderSize > 0)
								? ": they are limited to " + (this.maxHeaderSize / 1024) + " KB together" : "")
						+ "; send a shorter URL and fewer or smaller headers.";
				case NOT_FOUND ->
					"Nothing is served at this path: check it against the API documentation at /v3/api-docs.";
				case METHOD_NOT_ALLOWED -> "This method is not supported: use one of " + ALLOWED_METHODS + ".";
				case REQUEST_TIMEOUT -> "The request was not received in time: send it again, without pauses.";
				case SERVICE_UNAVAILABLE ->
					"The service is restarting or overloaded; retry after the number of seconds in Retry-After.";
				default -> status.is4xxClientError()
						? "The request was refused (" + status.getReasonPhrase().toLowerCase(Locale.ROOT) + ")."
						: "The service could not handle the request; retry, and if it keeps failing, report the "
								+ "X-Request-Id of this answer.";
			};
		}

		private static String badRequest(int refused, String message, String rawUri) {
			if (refused == 501) {
				return "The request's Transfer-Encoding is not supported: send the body with a Content-Length, or "
						+ "with 'Transfer-Encoding: chunked'.";
			}
			if (refused == 505) {
				return "This HTTP version is not supported: use HTTP/1.1.";
			}
			if (rawUri != null && !decodesToUtf8(rawUri)) {
				return "The URL cannot be read: its percent-encoded bytes must form valid UTF-8 (for example, "
						+ "'%C0%AF' does not); percent-encode the UTF-8 bytes of the text, and a literal '%' as '%25'.";
			}
			if (message != null && message.startsWith(INVALID_URI)) {
				return "The URL cannot be read: the path must not contain an encoded '/' or '\\', nor a '.' or '..' "
						+ "segment; send the normalized path and put such values in a query parameter or the body.";
			}
			return "The request could not be read: check the request line, the headers (no control characters) and "
					+ "the body's framing (Content-Length or chunked encoding).";
		}

		/** Whether a raw path percent-decodes to bytes that are valid UTF-8. */
		static boolean decodesToUtf8(String rawPath) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
			for (int i = 0; i < rawPath.length(); i++) {
				char c = rawPath.charAt(i);
				if (c == '%') {
					if (i + 2 >= rawPath.length()) {
						return false;
					}
					int high = Character.digit(rawPath.charAt(i + 1), 16);
					int low = Character.digit(rawPath.charAt(i + 2), 16);
					if (high < 0 || low < 0) {
						return false;
					}
					bytes.write((high << 4) | low);
					i += 2;
				}
				else {
					// a request line arrives as bytes, one char each
					bytes.write(c);
				}
			}
			try {
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes.toByteArray()));
				return true;
			}
			catch (CharacterCodingException ex) {
				return false;
			}
		}

		/** The request's path, when it is one a URI can hold. */
		private static URI instance(Request request) {
			try {
				String path = request.getRequestURI();
				return (path != null && path.startsWith("/")) ? URI.create(path) : null;
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

	}

}
