package io.revcycle.jobs;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: its jobs, with their progress and
 * rejected records. The uploaded inputs and the results (an earlier export) are listed by
 * chunk only, without their bytes: they are the tenant's own files, kept briefly.
 */
@Component
class JobsExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("jobs", "jobs", "id").hiding("lease_owner"),
				new Exported.Table("job_inputs", "job_inputs", "job_id", "seq").hiding("data"),
				new Exported.Table("job_results", "job_results", "job_id", "seq").hiding("data"));
	}

}
