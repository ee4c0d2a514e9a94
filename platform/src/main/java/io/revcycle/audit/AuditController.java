package io.revcycle.audit;

import io.revcycle.http.CursorPage;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit} (tenant-admin): the tenant's audit log, newest first,
 * paginated; {@code action=} keeps one action or a family ({@code stage_model} keeps
 * {@code stage_model.proposed}, {@code stage_model.approved}, ...).
 */
@RestController
class AuditController {

	private final AuditLog log;

	AuditController(AuditLog log) {
		this.log = log;
	}

	@GetMapping("/api/v1/audit")
	@PreAuthorize("hasRole('tenant-admin')")
	@Transactional(readOnly = true)
	CursorPage<AuditLog.Entry> list(@RequestParam(required = false) String action,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		String family = (action != null && !action.isBlank()) ? action.trim() : null;
		return CursorPage.of(this.log.page(after, family, size + 1), size,
				(e) -> new CursorPage.Position(e.at(), e.id()), (e) -> e);
	}

}
