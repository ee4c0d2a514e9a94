package io.revcycle.outbox;

import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.revcycle.http.CursorPage;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.http.Problems;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/outbox} (what is pending, delivered or dead, newest first; of one
 * destination, such as a webhook endpoint, with {@code destination}) and {@code POST
 * /api/v1/outbox/{id}/replay}.
 */
@RestController
@PreAuthorize("hasRole('tenant-admin')")
class OutboxController {

	private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "DEAD");

	private final Outbox outbox;

	OutboxController(Outbox outbox) {
		this.outbox = outbox;
	}

	@GetMapping("/api/v1/outbox")
	CursorPage<OutboxEntry> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) UUID destination, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		if (status != null && !STATUSES.contains(status)) {
			throw InvalidInput.of("status", "must be PENDING, DELIVERED or DEAD");
		}
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return CursorPage.of(
				this.outbox.page(status, destination, (after != null) ? after.at() : null,
						(after != null) ? after.uuid() : null, size + 1),
				size, (m) -> new CursorPage.Position(m.createdAt(), m.id()), Function.identity());
	}

	@PostMapping("/api/v1/outbox/{id}/replay")
	OutboxEntry replay(@PathVariable UUID id) {
		return this.outbox.replay(id).orElseThrow(() -> Problems.notFound("outbox message", id));
	}

}
