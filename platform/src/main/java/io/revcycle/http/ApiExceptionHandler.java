package io.revcycle.http;

import io.revcycle.kernel.InvalidInput;
import io.revcycle.kernel.Conflict;
import io.revcycle.kernel.DatabaseUnavailable;

import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one error mapping of the platform: every exception a request meets becomes
 * problem+json, whatever the client's {@code Accept}, with a {@code detail} that says
 * what to fix and names no internal type. Unexpected errors answer 500 with a generic
 * detail and the request id; the stack trace goes to the log, never to the client.
 * Ordered last, so a feature's own advice for its own exceptions comes first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	/** Qualified Java names, which a detail must never show. */
	private static final Pattern JAVA_NAME = Pattern
		.compile("\\b(?:java|javax|jakarta|org|io|com|tools|sun)\\.(?:[\\w$]+\\.)+([A-Z][\\w$]*)(?:<[^>]*>)?");

	/**
	 * SQLSTATE class 22: the data itself was invalid (a value out of range, bad text).
	 */
	private static final String DATA_EXCEPTION = "22";

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handle(Exception ex, HttpServletRequest request) {
		Answer answer = answer(ex);
		if (answer == null) {
			return null;
		}
		if (answer.status().is5xxServerError() && answer.status() != HttpStatus.SERVICE_UNAVAILABLE) {
			log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(answer.status(), clean(answer.detail()));
		problem.setInstance(instance(request));
		if (!answer.errors().isEmpty()) {
			problem.setProperty("errors",
					answer.errors()
						.stream()
						.map((v) -> Map.of("field", v.field(), "message", clean(v.message())))
						.toList());
		}
		String requestId = MDC.get(RequestIds.MDC_KEY);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		answer.headers().forEach((name, values) -> response.header(name, values.toArray(String[]::new)));
		return response.body(problem);
	}

	/** What to answer: the status, the detail, the problems per field, extra headers. */
	private record Answer(HttpStatusCode status, String detail, List<InvalidInput.Violation> errors,
			HttpHeaders headers) {

		Answer(HttpStatus status, String detail) {
			this(status, detail, List.of(), new HttpHeaders());
		}

		static Answer invalid(List<InvalidInput.Violation> errors) {
			return new Answer(HttpStatus.BAD_REQUEST,
					errors.isEmpty() ? "The request is invalid."
							: errors.stream().map(InvalidInput.Violation::toString).collect(Collectors.joining("; ")),
					errors, new HttpHeaders());
		}

	}

	private static Answer answer(Exception ex) {
		if (ex instanceof AsyncRequestNotUsableException) {
			// the client went away: nobody to answer
			return null;
		}
		if (ex instanceof InvalidInput invalid) {
			return Answer.invalid(invalid.violations());
		}
		if (ex instanceof BindException bind) {
			return Answer.invalid(bind.getBindingResult()
				.getFieldErrors()
				.stream()
				.map((error) -> new InvalidInput.Violation(error.getField(), message(error)))
				.toList());
		}
		if (ex instanceof HandlerMethodValidationException validation) {
			List<InvalidInput.Violation> errors = new ArrayList<>();
			validation.getParameterValidationResults()
				.forEach((result) -> result.getResolvableErrors()
					.forEach((error) -> errors.add(new InvalidInput.Violation(name(result.getMethodParameter()),
							String.valueOf(error.getDefaultMessage())))));
			return Answer.invalid(errors);
		}
		if (ex instanceof HttpMessageNotReadableException || ex instanceof JacksonException) {
			if (causedBy(ex, BodySizeLimit.BodyTooLarge.class)) {
				return tooLarge();
			}
			return new Answer(HttpStatus.BAD_REQUEST, readProblem(ex));
		}
		if (ex instanceof BodySizeLimit.BodyTooLarge || ex instanceof MaxUploadSizeExceededException) {
			return tooLarge();
		}
		if (ex instanceof TypeMismatchException mismatch) {
			String name = (mismatch.getPropertyName() != null) ? mismatch.getPropertyName() : "a parameter";
			return new Answer(HttpStatus.BAD_REQUEST,
					"'" + name + "' has an invalid value '" + shorten(String.valueOf(mismatch.getValue()))
							+ "'; expected " + expected(mismatch.getRequiredType()) + ".");
		}
		if (ex instanceof MissingServletRequestParameterException missing) {
			return new Answer(HttpStatus.BAD_REQUEST,
					"The query parameter '" + missing.getParameterName() + "' is required.");
		}
		if (ex instanceof HttpRequestMethodNotSupportedException method) {
			HttpHeaders headers = new HttpHeaders();
			Set<org.springframework.http.HttpMethod> allowed = method.getSupportedHttpMethods();
			if (allowed != null && !allowed.isEmpty()) {
				headers.setAllow(allowed);
			}
			return new Answer(HttpStatus.METHOD_NOT_ALLOWED,
					method.getMethod() + " is not allowed here"
							+ ((allowed != null && !allowed.isEmpty()) ? "; use " + allowed.stream()
								.map(org.springframework.http.HttpMethod::name)
								.sorted()
								.collect(Collectors.joining(", ")) : "")
							+ ".",
					List.of(), headers);
		}
		if (ex instanceof HttpMediaTypeNotSupportedException media) {
			String given = (media.getContentType() != null) ? "'" + media.getContentType() + "'" : "none";
			return new Answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The Content-Type " + given + " is not supported here; send "
							+ mediaTypes(media.getSupportedMediaTypes(), "application/json") + ".");
		}
		if (ex instanceof HttpMediaTypeNotAcceptableException media) {
			return new Answer(HttpStatus.NOT_ACCEPTABLE,
					"This operation answers " + mediaTypes(media.getSupportedMediaTypes(), "application/json")
							+ "; send an Accept header that allows it (or none).");
		}
		if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
			return new Answer(HttpStatus.NOT_FOUND,
					"There is no operation at this path; the API's operations are listed at /v3/api-docs.");
		}
		if (ex instanceof MultipartException) {
			return new Answer(HttpStatus.BAD_REQUEST,
					"The multipart body could not be read; this API takes JSON (or CSV where documented).");
		}
		if (ex instanceof Conflict) {
			return new Answer(HttpStatus.CONFLICT, ex.getMessage());
		}
		if (DatabaseUnavailable.is(ex)) {
			log.warn("The database is unavailable: {}", rootMessage(ex));
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER.toSeconds()));
			return new Answer(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.DETAIL, List.of(), headers);
		}
		if (ex instanceof DataIntegrityViolationException) {
			if (sqlState(ex).startsWith(DATA_EXCEPTION)) {
				return invalidData(ex);
			}
			log.info("Conflict: {}", rootMessage(ex));
			return new Answer(HttpStatus.CONFLICT,
					"The request conflicts with existing data (a duplicate or a missing reference).");
		}
		if (sqlState(ex).startsWith(DATA_EXCEPTION)) {
			return invalidData(ex);
		}
		if (ex instanceof SecurityException) {
			return new Answer(HttpStatus.FORBIDDEN, ex.getMessage());
		}
		if (ex instanceof AccessDeniedException) {
			return new Answer(HttpStatus.FORBIDDEN, "Your role does not allow this operation.");
		}
		if (ex instanceof AuthenticationException) {
			return new Answer(HttpStatus.UNAUTHORIZED, "Authentication required.");
		}
		if (ex instanceof ResponseStatusException status) {
			return new Answer(status.getStatusCode(),
					(status.getReason() != null) ? status.getReason() : defaultDetail(status.getStatusCode()),
					List.of(), status.getHeaders());
		}
		if (ex instanceof ErrorResponse error) {
			String detail = error.getBody().getDetail();
			return new Answer(error.getStatusCode(), (detail != null) ? detail : defaultDetail(error.getStatusCode()),
					List.of(), error.getHeaders());
		}
		return new Answer(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged.");
	}

	private static Answer tooLarge() {
		return new Answer(HttpStatus.PAYLOAD_TOO_LARGE,
				"The request body is too large; send less per request (for example, split a batch).");
	}

	private static Answer invalidData(Exception ex) {
		log.warn("Input refused by the database ({}): {}", sqlState(ex), rootMessage(ex));
		return new Answer(HttpStatus.BAD_REQUEST,
				"A value in the request cannot be stored (a number or date out of range, or text that is not valid "
						+ "Unicode); check the values you sent.");
	}

	private static String defaultDetail(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() + "." : "The request failed.";
	}

	/** What went wrong reading a JSON body, with where, in the client's terms. */
	static String readProblem(Throwable ex) {
		JacksonException jackson = cause(ex, JacksonException.class);
		if (jackson == null) {
			String message = rootMessage(ex);
			if (message.startsWith("Required request body is missing")) {
				return "This operation needs a JSON request body.";
			}
			return "The request body is not valid JSON for this operation.";
		}
		String path = path(jackson);
		String where = path.isEmpty() ? "" : "at '" + path + "': ";
		if (jackson instanceof UnrecognizedPropertyException unknown) {
			String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
			List<String> known = new ArrayList<>();
			if (unknown.getKnownPropertyIds() != null) {
				unknown.getKnownPropertyIds().forEach((id) -> known.add(String.valueOf(id)));
			}
			known.sort(null);
			return "Unknown field '" + unknown.getPropertyName() + "'"
					+ (parent.isEmpty() ? "" : " in '" + parent + "'") + "; the fields here are " + known + ".";
		}
		if (jackson instanceof InvalidNullException) {
			return where + "must not be null.";
		}
		if (jackson instanceof ValueInstantiationException invalid) {
			if (invalid.getType() != null && invalid.getType().hasRawClass(io.revcycle.kernel.Money.class)
					&& invalid.getCause() instanceof IllegalArgumentException money) {
				// money says what is wrong with it in words meant for the client
				return where + money.getMessage() + ".";
			}
			return where + "is not a valid value.";
		}
		if (jackson instanceof InputCoercionException) {
			return where + "the number is out of range.";
		}
		if (jackson instanceof StreamConstraintsException) {
			return "The request body is nested too deeply, or holds a number or text too long.";
		}
		if (jackson instanceof MismatchedInputException mismatch) {
			if (mismatch.getTargetType() != null) {
				return where + "expected " + expected(mismatch.getTargetType()) + ".";
			}
			return where + "does not fit this operation's request body.";
		}
		if (jackson instanceof StreamReadException read) {
			String message = firstLine(read.getOriginalMessage());
			if (message.contains("UTF")) {
				return "The request body is not valid UTF-8.";
			}
			var location = read.getLocation();
			return "The request body is not valid JSON"
					+ ((location != null && location.getLineNr() > 0)
							? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "")
					+ ": " + message.replaceAll("\\s*\\(code \\d+\\)", "") + ".";
		}
		return where + "is not valid.";
	}

	/** The kind of value a type takes, as a client would say it. */
	static String expected(Class<?> type) {
		if (type == null) {
			return "a valid value";
		}
		if (type.isEnum()) {
			Object[] constants = type.getEnumConstants();
			List<String> names = new ArrayList<>();
			for (Object constant : constants) {
				names.add(String.valueOf(constant));
			}
			return "one of " + names;
		}
		return switch (type.getSimpleName()) {
			case "Instant", "OffsetDateTime", "ZonedDateTime" -> "an ISO-8601 instant such as 2026-11-20T10:00:00Z";
			case "LocalDate" -> "an ISO date such as 2026-11-20";
			case "LocalTime" -> "a time such as 09:00";
			case "YearMonth" -> "a month such as 2026-11";
			case "Duration" -> "an ISO-8601 duration such as PT4H";
			case "UUID" -> "a UUID";
			case "int", "Integer", "long", "Long", "short", "Short", "BigInteger" -> "a whole number";
			case "double", "Double", "float", "Float", "BigDecimal" -> "a number";
			case "boolean", "Boolean" -> "true or false";
			case "String", "char", "Character" -> "a string";
			default -> (Collection.class.isAssignableFrom(type) || type.isArray()) ? "a list" : "an object";
		};
	}

	private static String path(JacksonException jackson) {
		return jackson.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static String message(FieldError error) {
		if (error.isBindingFailure()) {
			return "has an invalid value";
		}
		return String.valueOf(error.getDefaultMessage());
	}

	private static String name(MethodParameter parameter) {
		String name = parameter.getParameterName();
		return (name != null) ? name : "parameter " + parameter.getParameterIndex();
	}

	private static String mediaTypes(List<MediaType> types, String fallback) {
		List<String> names = types.stream()
			.filter((type) -> !type.isWildcardType() && !type.isWildcardSubtype())
			.map(MediaType::toString)
			.distinct()
			.toList();
		return names.isEmpty() ? fallback : String.join(" or ", names);
	}

	/** A detail as the client sees it: no qualified Java names, no second lines. */
	static String clean(String detail) {
		if (detail == null) {
			return null;
		}
		return JAVA_NAME.matcher(firstLine(detail)).replaceAll("value");
	}

	private static URI instance(HttpServletRequest request) {
		try {
			return URI.create(request.getRequestURI());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String shorten(String value) {
		return (value.length() > 100) ? value.substring(0, 100) + "..." : value;
	}

	private static String firstLine(String message) {
		String text = String.valueOf(message);
		int newline = text.indexOf('\n');
		return (newline > 0) ? text.substring(0, newline) : text;
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		return cause(ex, type) != null;
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return "";
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return firstLine(String.valueOf(cause.getMessage()));
	}

}
