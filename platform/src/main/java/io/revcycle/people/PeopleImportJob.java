package io.revcycle.people;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.revcycle.jobs.Job;
import io.revcycle.jobs.JobRun;
import io.revcycle.jobs.JobWork;

import org.springframework.stereotype.Component;

/**
 * A people CSV imported by a background job: the rows are stored in chunks, each chunk
 * with the job's progress in one transaction, as the synchronous import stores them. A
 * resumed run reads the file again and skips the rows already handled.
 */
@Component
class PeopleImportJob implements JobWork {

	static final String KIND = "people-import";

	private final PeopleCsv csv;

	private final Clock clock;

	PeopleImportJob(PeopleCsv csv, Clock clock) {
		this.csv = csv;
		this.clock = clock;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public void run(JobRun run) throws Exception {
		if (run.total() == null) {
			long total = 0;
			try (PeopleCsv.Rows rows = rows(run)) {
				while (rows.next() != null) {
					total++;
				}
			}
			run.total(total);
		}
		try (PeopleCsv.Rows rows = rows(run)) {
			for (long skipped = 0; skipped < run.done(); skipped++) {
				if (rows.next() == null) {
					return;
				}
			}
			List<IdentityResolution.Claim> claims = new ArrayList<>(PeopleCsv.CHUNK);
			List<Job.Rejection> rejected = new ArrayList<>();
			int handled = 0;
			for (PeopleCsv.Row row = rows.next(); row != null; row = rows.next()) {
				handled++;
				if (row.claim() != null) {
					claims.add(row.claim());
				}
				else {
					rejected.add(new Job.Rejection(row.line(), row.reason()));
				}
				if (handled == PeopleCsv.CHUNK) {
					commit(run, handled, claims, rejected);
					handled = 0;
				}
			}
			commit(run, handled, claims, rejected);
		}
	}

	private void commit(JobRun run, int handled, List<IdentityResolution.Claim> claims, List<Job.Rejection> rejected) {
		if (handled == 0) {
			return;
		}
		if (claims.isEmpty()) {
			run.progress(handled, 0, rejected);
		}
		else {
			int accepted = claims.size();
			this.csv.store(claims, () -> run.progress(handled, accepted, rejected));
		}
		claims.clear();
		rejected.clear();
	}

	private PeopleCsv.Rows rows(JobRun run) {
		Reader in = new InputStreamReader(run.input(), StandardCharsets.UTF_8);
		return new PeopleCsv.Rows(in, this.clock);
	}

}
