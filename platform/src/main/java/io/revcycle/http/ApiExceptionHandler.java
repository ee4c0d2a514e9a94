package io.revcycle.http;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into problem+json with a detail that says what to fix. Unexpected
 * errors answer 500 with a generic detail; the stack trace goes to the log, never to the
 * client.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.<String, Object>of("field", error.getField(), "message",
					String.valueOf(error.getDefaultMessage())))
			.toList();
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(ApiExceptionHandler::describe)
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				detail.isEmpty() ? "The request body is invalid." : detail);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimit.BodyTooLarge) {
				return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
					.body(ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
							"The request body is too large; send less per request (for example, split a batch)."));
			}
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON for this endpoint: " + jsonProblem(ex));
		problem.setTitle("Unreadable request body");
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"'" + ex.getName() + "' has an invalid value '" + ex.getValue() + "'"
						+ ((ex.getRequiredType() != null) ? "; expected a " + ex.getRequiredType().getSimpleName() : "")
						+ ".");
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex) {
		log.info("Conflict: {}", rootMessage(ex));
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"The request conflicts with existing data (a duplicate or a missing reference)."));
	}

	@ExceptionHandler(Conflict.class)
	ResponseEntity<ProblemDetail> conflict(Conflict ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage()));
	}

	/** A rule of the domain (not Spring Security) refused the caller's roles. */
	@ExceptionHandler(SecurityException.class)
	ResponseEntity<ProblemDetail> refused(SecurityException ex) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage()));
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> denied(AccessDeniedException ex) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role does not allow this operation."));
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException ex) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Authentication required."));
	}

	/** A body read by a controller itself (a webhook's raw body) that was too large. */
	@ExceptionHandler(BodySizeLimit.BodyTooLarge.class)
	ResponseEntity<ProblemDetail> tooLarge(BodySizeLimit.BodyTooLarge ex) {
		return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
					"The request body is too large; send less per request."));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"An unexpected error occurred; it has been logged."));
	}

	private static String describe(FieldError error) {
		return error.getField() + ": " + error.getDefaultMessage();
	}

	private static String jsonProblem(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				String path = jackson.getPath()
					.stream()
					.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
							: "[" + reference.getIndex() + "]")
					.collect(Collectors.joining("."))
					.replace(".[", "[");
				String message = jackson.getOriginalMessage()
					.replaceAll("`[\\w.$]+\\.(\\w+)`", "$1")
					.replaceAll("\\s*\\(set [A-Z_]+ to [^)]*\\)", "");
				int newline = message.indexOf('\n');
				message = (newline > 0) ? message.substring(0, newline) : message;
				return path.isEmpty() ? message : "at '" + path + "': " + message;
			}
		}
		return rootMessage(ex);
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = String.valueOf(cause.getMessage());
		// keep the first line only: parsers append source excerpts and internal class
		// names below it
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

}
