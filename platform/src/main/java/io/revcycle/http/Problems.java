package io.revcycle.http;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;

/**
 * RFC 9457 problem details, the one error format of the API: a 4xx status and a
 * {@code detail} that says what to fix.
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	/**
	 * 404 for a record that does not exist, or that belongs to another tenant: the two
	 * are indistinguishable.
	 */
	public static ResponseStatusException notFound(String what, Object id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + what + " with id " + id + ".");
	}

	/** 409: the request conflicts with the current state. */
	public static ResponseStatusException conflict(String detail) {
		return new ResponseStatusException(HttpStatus.CONFLICT, detail);
	}

	/** 400: the request is malformed; the detail says what to fix. */
	public static ResponseStatusException badRequest(String detail) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
	}

	/**
	 * Writes a problem straight to a servlet response, for filters that answer before any
	 * controller.
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(JSON.writeValueAsBytes(problem));
	}

}
