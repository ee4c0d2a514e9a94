package io.revcycle.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import io.revcycle.http.Prefer;
import io.revcycle.jobs.Job;
import io.revcycle.jobs.Jobs;
import io.revcycle.kernel.Audited;
import io.revcycle.kernel.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/export} (tenant-admin): every record of the tenant as NDJSON, no
 * cap, gzip when the client accepts it; {@code after=} resumes after a line's
 * {@code cursor}. With {@code Prefer: respond-async} it answers 202 with a job that
 * writes the export to download instead. The export is recorded in the audit log.
 */
@RestController
class ExportController {

	static final String NDJSON = "application/x-ndjson";

	private final TenantExport export;

	private final ApplicationEventPublisher events;

	private final Jobs jobs;

	ExportController(TenantExport export, ApplicationEventPublisher events, Jobs jobs) {
		this.export = export;
		this.events = events;
		this.jobs = jobs;
	}

	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
			description = "Every record of the tenant as NDJSON, one {\"kind\", \"cursor\", \"data\"} per line",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = NDJSON,
					schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202",
			description = "With Prefer: respond-async, the job that writes the export, to download from its resultUrl "
					+ "(see GET /api/v1/jobs/{id})",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
					schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Job.class)))
	@GetMapping(path = "/api/v1/export", produces = { NDJSON, "application/json" })
	@PreAuthorize("hasRole('tenant-admin')")
	ResponseEntity<Job> export(@RequestParam(required = false) String after,
			@RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String encoding,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (Prefer.respondAsync(request)) {
			if (after != null) {
				throw InvalidInput.of("after", "is for resuming a streamed export; an export job always writes the "
						+ "whole tenant, from one snapshot");
			}
			Job job = this.jobs.submit(ExportJob.KIND);
			this.events.publishEvent(Audited.of("tenant.exported", "job:" + job.id()));
			return Jobs.accepted(job);
		}
		TenantExport.Position position = this.export.position(after);
		this.events.publishEvent(Audited.of("tenant.exported", (after != null) ? "after:" + after : null));
		boolean gzip = encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip");
		response.setContentType(NDJSON);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (gzip) {
			response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
		}
		response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		OutputStream body = gzip ? new GZIPOutputStream(response.getOutputStream(), 64 * 1024)
				: response.getOutputStream();
		try (Writer out = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), 64 * 1024)) {
			this.export.write(out, position, (counts) -> {
			});
		}
		return null;
	}

}
