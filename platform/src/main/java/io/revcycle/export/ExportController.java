package io.revcycle.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import io.revcycle.kernel.Audited;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/export} (tenant-admin): every record of the tenant as NDJSON, no
 * cap, gzip when the client accepts it; {@code after=} resumes after a line's
 * {@code cursor}. The export is recorded in the audit log.
 */
@RestController
class ExportController {

	static final String NDJSON = "application/x-ndjson";

	private final TenantExport export;

	private final ApplicationEventPublisher events;

	ExportController(TenantExport export, ApplicationEventPublisher events) {
		this.export = export;
		this.events = events;
	}

	@GetMapping(path = "/api/v1/export", produces = NDJSON)
	@PreAuthorize("hasRole('tenant-admin')")
	void export(@RequestParam(required = false) String after,
			@RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String encoding,
			HttpServletResponse response) throws IOException {
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
	}

}
