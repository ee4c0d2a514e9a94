package io.revcycle.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that cannot be taken, with every problem found: answered 400 with a detail that
 * names each field ({@code stages[2].name: is required}) and an {@code errors} list of
 * {@code {"field", "message"}}.
 */
public class InvalidInput extends RuntimeException {

	private final List<Violation> violations;

	/**
	 * One problem.
	 *
	 * @param field where, as a path into the request ({@code events[1].occurredAt}), or
	 * empty for the request as a whole
	 * @param message what is wrong, as a phrase that follows the field name
	 */
	public record Violation(String field, String message) {

		@Override
		public String toString() {
			return this.field.isEmpty() ? this.message : this.field + ": " + this.message;
		}

	}

	public InvalidInput(List<Violation> violations) {
		super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
	}

	/** One problem with one field. */
	public static InvalidInput of(String field, String message) {
		return new InvalidInput(List.of(new Violation(field, message)));
	}

	public List<Violation> violations() {
		return this.violations;
	}

	/**
	 * Collects the problems of a whole document, so a client learns all of them at once.
	 */
	public static final class Collector {

		private final List<Violation> found = new ArrayList<>();

		/** Records a problem. */
		public Collector add(String field, String message) {
			this.found.add(new Violation(field, message));
			return this;
		}

		/** Records a problem when {@code failed}; returns whether it did. */
		public boolean check(boolean failed, String field, String message) {
			if (failed) {
				add(field, message);
			}
			return failed;
		}

		public boolean isEmpty() {
			return this.found.isEmpty();
		}

		/** Throws what was found, if anything. */
		public void throwIfAny() {
			if (!this.found.isEmpty()) {
				throw new InvalidInput(this.found);
			}
		}

	}

}
