package io.revcycle.people;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.revcycle.jobs.Job;
import io.revcycle.jobs.Jobs;
import io.revcycle.http.Prefer;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.tenancy.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CSV import and export of people. The import streams: rows are read and stored in
 * chunks, each chunk in its own transaction, so a large file never sits in memory and
 * what was accepted stays accepted. Bad rows are reported with their line and reason;
 * they do not stop the others. A client that sends {@code Prefer: respond-async} gets a
 * background job instead ({@link PeopleImportJob}).
 */
@RestController
class PeopleCsv {

	static final int CHUNK = 500;

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	static final int MAX_REPORTED = 1000;

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

	private static final List<String> COLUMNS = List.of("email", "firstName", "lastName", "title", "phone",
			"accountDomain", "accountName", "industry", "employees", "annualRevenue", "country");

	private final IdentityResolution identities;

	private final People people;

	private final Accounts accounts;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final Jobs jobs;

	PeopleCsv(IdentityResolution identities, People people, Accounts accounts, TransactionTemplate tx, Clock clock,
			ApplicationEventPublisher events, Jobs jobs) {
		this.jobs = jobs;
		this.identities = identities;
		this.people = people;
		this.accounts = accounts;
		this.tx = tx;
		this.clock = clock;
		this.events = events;
	}

	record Rejected(long line, String email, String reason) {
	}

	record Report(long accepted, long rejected, List<Rejected> rejections, boolean rejectionsTruncated) {
	}

	@io.swagger.v3.oas.annotations.parameters.RequestBody(description = "A CSV file with a header row naming its "
			+ "columns (at least email; also firstName, lastName, title, phone, accountDomain, accountName, industry, "
			+ "employees, annualRevenue, country). With the header Prefer: respond-async the file is stored and "
			+ "imported by a background job: the answer is 202 with the job", required = true,
			content = { @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv",
					schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")) })
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
			description = "The import's report: rows accepted and rejected, with their line and reason",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
					schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Report.class)))
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202",
			description = "With Prefer: respond-async, the job that imports the file (see GET /api/v1/jobs/{id})",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
					schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Job.class)))
	@PostMapping(path = "/api/v1/people/import", consumes = { "text/csv", "text/plain" })
	Object importCsv(HttpServletRequest request) throws IOException {
		if (Prefer.respondAsync(request)) {
			return Jobs.accepted(this.jobs.submit(PeopleImportJob.KIND, "text/csv", request.getInputStream()));
		}
		long accepted = 0;
		long rejected = 0;
		List<Rejected> rejections = new ArrayList<>();
		List<IdentityResolution.Claim> chunk = new ArrayList<>(CHUNK);
		try (Rows rows = new Rows(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8),
				this.clock)) {
			for (Row row = rows.next(); row != null; row = rows.next()) {
				if (row.claim() == null) {
					rejected++;
					if (rejections.size() < MAX_REPORTED) {
						rejections.add(new Rejected(row.line(), row.email(), row.reason()));
					}
					continue;
				}
				chunk.add(row.claim());
				if (chunk.size() == CHUNK) {
					accepted += store(chunk, () -> {
					});
					chunk.clear();
				}
			}
		}
		accepted += store(chunk, () -> {
		});
		return new Report(accepted, rejected, rejections, rejected > rejections.size());
	}

	/**
	 * One data row of a people CSV: the claim it makes, or why it was rejected.
	 *
	 * @param line the line where the row starts
	 * @param claim what the row says of a person, or null when rejected
	 * @param email the row's email as given, may be null
	 * @param reason why it was rejected, or null; never the row's values
	 */
	record Row(long line, IdentityResolution.Claim claim, String email, String reason) {
	}

	/**
	 * The data rows of a people CSV, one at a time: the header is read first, and a file
	 * without an email column is refused.
	 */
	static final class Rows implements java.io.Closeable {

		private final CsvReader<CsvRecord> records;

		private final Iterator<CsvRecord> iterator;

		private final Clock clock;

		private Map<String, Integer> index;

		private long line;

		private boolean broken;

		Rows(Reader in, Clock clock) {
			this.records = Csv.reader(in);
			this.iterator = this.records.iterator();
			this.clock = clock;
		}

		/**
		 * The next data row, or null at the end.
		 * @throws InvalidInput when the file has no header naming an email column
		 */
		Row next() {
			if (this.broken) {
				return null;
			}
			try {
				while (this.iterator.hasNext()) {
					CsvRecord record = this.iterator.next();
					this.line = record.getStartingLineNumber();
					List<String> row = record.getFields();
					if (this.index == null) {
						this.index = header(row);
						continue;
					}
					if (row.size() == 1 && row.get(0).isBlank()) {
						continue;
					}
					String email = cell(row, this.index, "email");
					String problem = problem(row, this.index, email);
					if (problem != null) {
						return new Row(this.line, null, email, problem);
					}
					return new Row(this.line, claim(row, this.index, email.toLowerCase(Locale.ROOT), this.clock), email,
							null);
				}
			}
			catch (CsvParseException ex) {
				this.broken = true;
				return new Row(this.line + 1, null, null, "unreadable CSV from here on: a quoted field is not closed");
			}
			if (this.index == null) {
				header(List.of());
			}
			return null;
		}

		@Override
		public void close() throws IOException {
			this.records.close();
		}

	}

	/**
	 * The column of each known field, from the header row; refused without an email
	 * column.
	 */
	private static Map<String, Integer> header(List<String> header) {
		if (header.stream().noneMatch((h) -> "email".equalsIgnoreCase(h.trim().replace("\uFEFF", "")))) {
			throw InvalidInput.of("", "The first row must be a header naming the columns, with at least 'email'; "
					+ "known columns: " + COLUMNS + ".");
		}
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			String name = header.get(i).trim().replace("\uFEFF", "");
			for (String column : COLUMNS) {
				if (column.equalsIgnoreCase(name)) {
					index.put(column, i);
				}
			}
		}
		return index;
	}

	/**
	 * Stores a chunk of claims in one transaction, with whatever must be committed with
	 * it (a job's progress).
	 * @return how many claims were stored
	 */
	long store(List<IdentityResolution.Claim> chunk, Runnable withIt) {
		if (chunk.isEmpty()) {
			return 0;
		}
		List<IdentityResolution.Claim> claims = List.copyOf(chunk);
		this.tx.executeWithoutResult((status) -> {
			IdentityResolution.Resolution resolution = this.identities.resolve(claims);
			Set<UUID> distinct = new LinkedHashSet<>();
			resolution.persons().forEach((p) -> distinct.add(p.id()));
			this.events
				.publishEvent(new PeopleImported(TenantContext.require(), List.copyOf(distinct), this.clock.instant()));
			withIt.run();
		});
		return claims.size();
	}

	private static String problem(List<String> row, Map<String, Integer> index, String email) {
		if (email == null) {
			return "email is missing";
		}
		if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
			return "email is not an email address";
		}
		for (String column : List.of("employees", "annualRevenue")) {
			String value = cell(row, index, column);
			if (value != null) {
				try {
					if (new BigDecimal(value).signum() < 0) {
						return column + " must be zero or more";
					}
				}
				catch (NumberFormatException ex) {
					return column + " is not a number";
				}
			}
		}
		String country = cell(row, index, "country");
		if (country != null && !country.matches("[A-Za-z]{2}")) {
			return "country is not a two-letter ISO code";
		}
		for (String column : COLUMNS) {
			String value = cell(row, index, column);
			if (value != null && value.length() > 254) {
				return column + " is longer than 254 characters";
			}
		}
		return null;
	}

	private static IdentityResolution.Claim claim(List<String> row, Map<String, Integer> index, String email,
			Clock clock) {
		String domain = cell(row, index, "accountDomain");
		String employees = cell(row, index, "employees");
		String revenue = cell(row, index, "annualRevenue");
		String country = cell(row, index, "country");
		IdentityResolution.AccountClaim account = new IdentityResolution.AccountClaim(
				(domain != null) ? domain.toLowerCase(Locale.ROOT) : null, cell(row, index, "accountName"),
				cell(row, index, "industry"), (employees != null) ? new BigDecimal(employees).intValue() : null,
				(revenue != null) ? new BigDecimal(revenue) : null,
				(country != null) ? country.toUpperCase(Locale.ROOT) : null);
		return new IdentityResolution.Claim(email, cell(row, index, "firstName"), cell(row, index, "lastName"),
				cell(row, index, "title"), cell(row, index, "phone"), null, "import", null, account, clock.instant());
	}

	private static String cell(List<String> row, Map<String, Integer> index, String column) {
		Integer i = index.get(column);
		if (i == null || i >= row.size()) {
			return null;
		}
		String value = row.get(i).trim();
		return value.isEmpty() ? null : value;
	}

	/**
	 * The people as CSV. The path is matched whatever the client accepts, so it is never
	 * taken for a person's id; a client that accepts no CSV gets 406.
	 */
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The people as CSV",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv",
					schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
	@GetMapping("/api/v1/people/export")
	void export(HttpServletRequest request, HttpServletResponse response)
			throws IOException, HttpMediaTypeNotAcceptableException {
		String accept = request.getHeader("Accept");
		if (accept != null && !accept.isBlank()) {
			List<MediaType> accepted;
			try {
				accepted = MediaType.parseMediaTypes(accept);
			}
			catch (InvalidMediaTypeException ex) {
				accepted = List.of(MediaType.ALL);
			}
			if (accepted.stream().noneMatch((type) -> type.includes(CSV))) {
				throw new HttpMediaTypeNotAcceptableException(List.of(CSV));
			}
		}
		response.setContentType("text/csv; charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"people.csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		out.write(Csv.line("id", "email", "firstName", "lastName", "title", "phone", "stage", "fitScore",
				"behaviourScore", "ownerId", "accountId", "accountDomain", "createdAt"));
		UUID after = new UUID(0, 0);
		while (true) {
			UUID from = after;
			List<String> lines = this.tx.execute((status) -> {
				List<Person> chunk = this.people.chunkAfter(from, Limit.of(CHUNK));
				Map<UUID, String> domains = new HashMap<>();
				this.accounts.findAllById(chunk.stream().map(Person::accountId).filter((id) -> id != null).toList())
					.forEach((Account a) -> domains.put(a.id(), a.domain()));
				List<String> rendered = new ArrayList<>(chunk.size() + 1);
				for (Person p : chunk) {
					rendered.add(Csv.line(p.id(), p.email(), p.firstName(), p.lastName(), p.title(), p.phone(),
							p.stage(), p.fitScore(), p.behaviourScore(), p.ownerId(), p.accountId(),
							domains.get(p.accountId()), p.createdAt()));
				}
				if (!chunk.isEmpty()) {
					rendered.add(chunk.get(chunk.size() - 1).id().toString());
				}
				return rendered;
			});
			if (lines.isEmpty()) {
				break;
			}
			after = UUID.fromString(lines.remove(lines.size() - 1));
			for (String line : lines) {
				out.write(line);
			}
			out.flush();
		}
		out.flush();
	}

}
