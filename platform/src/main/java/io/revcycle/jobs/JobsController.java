package io.revcycle.jobs;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/jobs} and {@code /api/v1/jobs/{id}}: background imports and exports
 * with their progress; {@code GET /api/v1/jobs/{id}/result} downloads what a job produced
 * (an export's file, an import's report); {@code POST /api/v1/jobs/{id}/cancel} stops
 * one. A job is seen by the one who submitted it and by the tenant's admins; to anyone
 * else it does not exist.
 */
@RestController
class JobsController {

	private final Jobs jobs;

	private final JsonMapper json;

	JobsController(Jobs jobs, JsonMapper json) {
		this.jobs = jobs;
		this.json = json;
	}

	@GetMapping("/api/v1/jobs")
	@Transactional(readOnly = true)
	CursorPage<Job> list(@RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		if (status != null && !Job.STATUSES.contains(status)) {
			throw Problems.badRequest("status must be one of " + Job.STATUSES + ".");
		}
		return CursorPage.of(this.jobs.page(after, status, size + 1), size,
				(job) -> new CursorPage.Position(job.createdAt(), job.id()), (job) -> job);
	}

	@GetMapping("/api/v1/jobs/{id}")
	@Transactional(readOnly = true)
	Job get(@PathVariable UUID id) {
		return this.jobs.visible(id).orElseThrow(() -> Problems.notFound("job", id));
	}

	@PostMapping("/api/v1/jobs/{id}/cancel")
	Job cancel(@PathVariable UUID id) {
		this.jobs.visible(id).orElseThrow(() -> Problems.notFound("job", id));
		return this.jobs.cancel(id);
	}

	/**
	 * The result: an export's NDJSON file once it succeeded, or an import's report
	 * (counts and rejected records) once it ended; 409 before.
	 */
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
			description = "The job's result: an export's NDJSON file, or an import's report as JSON",
			content = {
					@io.swagger.v3.oas.annotations.media.Content(mediaType = "application/x-ndjson",
							schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")),
					@io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
							schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Report.class)) })
	@GetMapping("/api/v1/jobs/{id}/result")
	void result(@PathVariable UUID id, HttpServletResponse response) throws IOException {
		Job job = this.jobs.visible(id).orElseThrow(() -> Problems.notFound("job", id));
		if (job.resultUrl() == null) {
			throw Problems.conflict(job.finished()
					? "The job's result is no longer kept (results are removed after a while, and when a person is "
							+ "erased); run the job again."
					: "The job is " + job.status() + "; its result is ready once its status is succeeded.");
		}
		String type = this.jobs.resultType(id).orElse(null);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (type == null) {
			response.setContentType("application/json");
			response.getOutputStream()
				.write(this.json.writeValueAsBytes(new Report(job.id(), job.kind(), job.status(), job.total(),
						job.done(), job.accepted(), job.rejectedCount(), job.rejected(), job.error())));
			return;
		}
		response.setContentType(type);
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"" + job.kind() + "-" + job.id() + ".ndjson\"");
		this.jobs.copyResult(id, response.getOutputStream());
	}

	/**
	 * An import's report.
	 *
	 * @param jobId the job
	 * @param kind what it imported
	 * @param status how it ended
	 * @param total the records of the input
	 * @param done the records handled
	 * @param accepted the records stored (for events: stored now, not before)
	 * @param rejectedCount the records rejected, all of them
	 * @param rejected the first of them with their line and reason
	 * @param error why the job failed, or null
	 */
	record Report(UUID jobId, String kind, String status, Long total, long done, long accepted, long rejectedCount,
			List<Job.Rejection> rejected, String error) {
	}

}
