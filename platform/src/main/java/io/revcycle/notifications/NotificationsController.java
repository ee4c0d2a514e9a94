package io.revcycle.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.Problems;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/notifications} (the signed-in user's inbox, newest first) and
 * {@code POST /api/v1/notifications/{id}/read}.
 */
@RestController
class NotificationsController {

	private final JdbcTemplate jdbc;

	NotificationsController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	record NotificationView(UUID id, String kind, String title, String data, Instant createdAt, Instant readAt) {
	}

	record Page<T>(List<T> items, String nextCursor) {
	}

	@GetMapping("/api/v1/notifications")
	@Transactional(readOnly = true)
	Page<NotificationView> notifications() {
		UUID user = currentUser();
		if (user == null) {
			return new Page<>(List.of(), null);
		}
		return new Page<>(this.jdbc.query(
				"select id, kind, title, data::text, created_at, read_at from notifications "
						+ "where user_id = ? order by created_at desc limit 500",
				(rs, row) -> new NotificationView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getString(4), rs.getTimestamp(5).toInstant(),
						(rs.getTimestamp(6) != null) ? rs.getTimestamp(6).toInstant() : null),
				user), null);
	}

	@PostMapping("/api/v1/notifications/{id}/read")
	@Transactional
	ResponseEntity<Void> read(@PathVariable UUID id) {
		UUID user = currentUser();
		int updated = (user != null) ? this.jdbc.update(
				"update notifications set read_at = coalesce(read_at, now()) where id = ? and user_id = ?", id, user)
				: 0;
		if (updated == 0) {
			throw Problems.notFound("notification", id);
		}
		return ResponseEntity.noContent().build();
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
