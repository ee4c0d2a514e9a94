package io.revcycle.http;

import java.net.URI;

import io.revcycle.kernel.DatabaseUnavailable;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that reach the servlet container's error page (raised outside any controller, or
 * sent by the container itself) answer problem+json like every other error, never the
 * framework's default error body.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
class ProblemErrorController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// asked for directly, /error is no operation
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 404);
		if (status == null || status.value() < 400) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (status == HttpStatus.INTERNAL_SERVER_ERROR && failure instanceof Throwable thrown
				&& DatabaseUnavailable.is(thrown)) {
			// a filter before the controllers (an API key's look-up) met the database
			// down
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					DatabaseUnavailable.DETAIL);
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER.toSeconds()))
				.body(problem);
		}
		String detail = switch (status) {
			case NOT_FOUND -> "There is no operation at this path; the API's operations are listed at /v3/api-docs.";
			case BAD_REQUEST -> "The request is malformed.";
			case INTERNAL_SERVER_ERROR -> "An unexpected error occurred; it has been logged.";
			default -> status.getReasonPhrase() + ".";
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// an address that is not a URI is not repeated
			}
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
