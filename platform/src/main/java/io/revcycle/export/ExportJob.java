package io.revcycle.export;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import io.revcycle.jobs.JobRun;
import io.revcycle.jobs.JobWork;

import org.springframework.stereotype.Component;

/**
 * The tenant's export as a background job: the same NDJSON as {@code GET /api/v1/export},
 * from one snapshot, stored as the job's result to download. An export interrupted by a
 * restart starts again from the beginning, so its result is still one snapshot.
 */
@Component
class ExportJob implements JobWork {

	static final String KIND = "export";

	private final TenantExport export;

	ExportJob(TenantExport export) {
		this.export = export;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public void run(JobRun run) throws Exception {
		try (Writer out = new BufferedWriter(
				new OutputStreamWriter(run.result(ExportController.NDJSON), StandardCharsets.UTF_8), 64 * 1024)) {
			this.export.write(out, null, (counts) -> {
			});
		}
	}

}
