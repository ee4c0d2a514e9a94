package io.revcycle.ingest;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.revcycle.jobs.Job;
import io.revcycle.jobs.JobRun;
import io.revcycle.jobs.JobWork;
import io.revcycle.kernel.InvalidInput;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Events from an NDJSON file, one event per line as {@code POST /api/v1/events} takes it,
 * imported by a background job through the same intake: identity resolution, scoring and
 * stages apply, and an event already stored (by its source and external id) is a
 * duplicate, so a chunk run again stores nothing twice. Each chunk of lines is stored
 * with the job's progress in one transaction. A line that is not a valid event is
 * rejected with its number and why; the others go on.
 */
@Component
class EventsImportJob implements JobWork {

	static final String KIND = "events-import";

	/** Lines per chunk, each chunk one call of the intake. */
	static final int CHUNK = 500;

	/** The longest line read; a longer one is rejected. */
	static final int MAX_LINE = 1024 * 1024;

	private final EventIntake intake;

	private final Validator validator;

	private final JsonMapper strict;

	EventsImportJob(EventIntake intake, Validator validator, JsonMapper json) {
		this.intake = intake;
		this.validator = validator;
		this.strict = json.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public void run(JobRun run) throws IOException {
		if (run.total() == null) {
			long total = 0;
			try (Lines lines = new Lines(run)) {
				while (lines.next() != null) {
					total++;
				}
			}
			run.total(total);
		}
		try (Lines lines = new Lines(run)) {
			for (long skipped = 0; skipped < run.done(); skipped++) {
				if (lines.next() == null) {
					return;
				}
			}
			List<EventIntake.Incoming> events = new ArrayList<>(CHUNK);
			List<Job.Rejection> rejected = new ArrayList<>();
			int handled = 0;
			for (Line line = lines.next(); line != null; line = lines.next()) {
				handled++;
				String problem = (line.text() == null) ? "the line is longer than " + MAX_LINE + " bytes" : null;
				EventIntake.Incoming event = (problem == null) ? parse(line.text(), rejected, line.number()) : null;
				if (problem != null) {
					rejected.add(new Job.Rejection(line.number(), problem));
				}
				else if (event != null) {
					events.add(event);
				}
				if (handled == CHUNK) {
					commit(run, handled, events, rejected);
					handled = 0;
				}
			}
			commit(run, handled, events, rejected);
		}
	}

	private void commit(JobRun run, int handled, List<EventIntake.Incoming> events, List<Job.Rejection> rejected) {
		if (handled == 0) {
			return;
		}
		if (events.isEmpty()) {
			run.progress(handled, 0, rejected);
		}
		else {
			this.intake.submit(List.copyOf(events),
					(outcome) -> run.progress(handled, outcome.accepted(), List.copyOf(rejected)));
		}
		events.clear();
		rejected.clear();
	}

	/** The event of a line, or null when it is rejected (added to the rejections). */
	private EventIntake.Incoming parse(String text, List<Job.Rejection> rejected, long number) {
		if (text.contains("\\u0000")) {
			rejected.add(new Job.Rejection(number, "the line holds a NUL character, which no field may hold"));
			return null;
		}
		EventsController.Event event;
		try {
			event = this.strict.readValue(text, EventsController.Event.class);
		}
		catch (JacksonException ex) {
			rejected.add(new Job.Rejection(number, jsonProblem(ex)));
			return null;
		}
		if (event == null) {
			rejected.add(new Job.Rejection(number, "the line is not a JSON event"));
			return null;
		}
		Set<ConstraintViolation<EventsController.Event>> violations = this.validator.validate(event);
		if (!violations.isEmpty()) {
			rejected.add(new Job.Rejection(number, String.join("; ",
					violations.stream().map((v) -> v.getPropertyPath() + " " + v.getMessage()).sorted().toList())));
			return null;
		}
		InvalidInput.Collector problems = new InvalidInput.Collector();
		EventIntake.Incoming incoming = EventsController.incoming(event, "", problems);
		List<InvalidInput.Violation> all = new ArrayList<>();
		if (!problems.isEmpty()) {
			try {
				problems.throwIfAny();
			}
			catch (InvalidInput ex) {
				all.addAll(ex.violations());
			}
		}
		EventIntake.problems(List.of(incoming))
			.forEach((v) -> all.add(new InvalidInput.Violation(v.field().replace("events[0].", ""), v.message())));
		if (!all.isEmpty()) {
			rejected.add(new Job.Rejection(number,
					String.join("; ", all.stream().map((v) -> v.field() + " " + v.message()).toList())));
			return null;
		}
		return incoming;
	}

	/** What is wrong with a line's JSON, naming fields but none of the line's values. */
	private static String jsonProblem(JacksonException ex) {
		String path = String.join(".",
				ex.getPath()
					.stream()
					.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
							: "[" + reference.getIndex() + "]")
					.toList());
		if (ex instanceof tools.jackson.databind.exc.UnrecognizedPropertyException) {
			return "unknown field '" + path + "'";
		}
		return path.isEmpty() ? "the line is not a JSON event as POST /api/v1/events takes it"
				: "the field '" + path + "' does not hold a value of the right type";
	}

	/** A line of the input: its number, and its text (null when too long). */
	record Line(long number, String text) {
	}

	/** The non-blank lines of the stored input, at most {@link #MAX_LINE} each. */
	private static final class Lines implements AutoCloseable {

		private final Reader in;

		private final StringBuilder line = new StringBuilder();

		private long number;

		private boolean end;

		Lines(JobRun run) {
			this.in = new java.io.BufferedReader(new InputStreamReader(run.input(), StandardCharsets.UTF_8), 64 * 1024);
		}

		Line next() throws IOException {
			while (!this.end) {
				this.line.setLength(0);
				boolean tooLong = false;
				int c;
				while ((c = this.in.read()) >= 0 && c != '\n') {
					if (this.line.length() < MAX_LINE) {
						this.line.append((char) c);
					}
					else {
						tooLong = true;
					}
				}
				if (c < 0) {
					this.end = true;
					if (this.line.isEmpty()) {
						return null;
					}
				}
				this.number++;
				if (tooLong) {
					return new Line(this.number, null);
				}
				if (!this.line.toString().isBlank()) {
					return new Line(this.number, this.line.toString());
				}
			}
			return null;
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
