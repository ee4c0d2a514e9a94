package io.revcycle.console.api;

import java.util.List;

/**
 * An error answer of the platform's API ({@code application/problem+json}): its status,
 * its title and the detail that says what to fix, with the fields it names.
 */
public class ApiProblem extends RuntimeException {

	private final int status;

	private final String title;

	private final String detail;

	private final List<FieldError> errors;

	public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
		super(status + " " + ((detail != null) ? detail : title));
		this.status = status;
		this.title = title;
		this.detail = detail;
		this.errors = List.copyOf(errors);
	}

	public int status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/** What to fix, in the platform's words; the title when it gave no detail. */
	public String detail() {
		return (this.detail != null && !this.detail.isBlank()) ? this.detail : this.title;
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	public boolean notFound() {
		return this.status == 404;
	}

	/** A field the platform named, with what is wrong with it. */
	public record FieldError(String field, String message) {
	}

}
