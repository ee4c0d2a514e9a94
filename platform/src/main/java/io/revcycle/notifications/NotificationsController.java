package io.revcycle.notifications;

import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/notifications} (the signed-in user's inbox, newest first, paginated;
 * {@code unread=true} for what is not read yet), {@code GET
 * /api/v1/notifications/unread-count}, {@code POST /api/v1/notifications/{id}/read} and
 * {@code POST /api/v1/notifications/read-all}. A caller with an API key has no inbox.
 */
@RestController
class NotificationsController {

	private final Notifications notifications;

	NotificationsController(Notifications notifications) {
		this.notifications = notifications;
	}

	record UnreadCount(long unread) {
	}

	@GetMapping("/api/v1/notifications")
	@Transactional(readOnly = true)
	CursorPage<Notifications.View> list(@RequestParam(required = false) Boolean unread,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		UUID user = currentUser();
		if (user == null) {
			return new CursorPage<>(java.util.List.of(), null);
		}
		return CursorPage.of(this.notifications.inbox(user, Boolean.TRUE.equals(unread), after, size + 1), size,
				(n) -> new CursorPage.Position(n.createdAt(), n.id()), (n) -> n);
	}

	@GetMapping("/api/v1/notifications/unread-count")
	@Transactional(readOnly = true)
	UnreadCount unread() {
		UUID user = currentUser();
		return new UnreadCount((user != null) ? this.notifications.unread(user) : 0);
	}

	@ResponseStatus(HttpStatus.NO_CONTENT)
	@PostMapping("/api/v1/notifications/{id}/read")
	@Transactional
	ResponseEntity<Void> read(@PathVariable UUID id) {
		UUID user = currentUser();
		if (user == null || !this.notifications.markRead(user, id)) {
			throw Problems.notFound("notification", id);
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/notifications/read-all")
	@Transactional
	UnreadCount readAll() {
		UUID user = currentUser();
		if (user != null) {
			this.notifications.markAllRead(user);
		}
		return new UnreadCount(0);
	}

	/** The signed-in user; API keys have none. */
	private static UUID currentUser() {
		String subject = TenantContext.principal().map(TenantPrincipal::subject).orElse("");
		try {
			return UUID.fromString(subject);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
