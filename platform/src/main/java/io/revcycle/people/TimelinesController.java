package io.revcycle.people;

import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.timeline.Timeline;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/people/{id}/timeline} and {@code GET
 * /api/v1/accounts/{id}/timeline}: newest first, cursor paginated by (at, id), so a page
 * never repeats or skips an entry that was there when the first page was read. Another
 * tenant's person or account answers 404, like one that does not exist.
 */
@RestController
class TimelinesController {

	private final People people;

	private final Accounts accounts;

	private final Timeline timeline;

	TimelinesController(People people, Accounts accounts, Timeline timeline) {
		this.people = people;
		this.accounts = accounts;
		this.timeline = timeline;
	}

	@GetMapping("/api/v1/people/{id}/timeline")
	@Transactional(readOnly = true)
	CursorPage<Timeline.Entry> person(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		if (!this.people.existsById(id)) {
			throw Problems.notFound("person", id);
		}
		return page(this.timeline.ofPerson(id, after, size + 1), size);
	}

	@GetMapping("/api/v1/accounts/{id}/timeline")
	@Transactional(readOnly = true)
	CursorPage<Timeline.Entry> account(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		if (!this.accounts.existsById(id)) {
			throw Problems.notFound("account", id);
		}
		return page(this.timeline.ofAccount(id, after, size + 1), size);
	}

	private static CursorPage<Timeline.Entry> page(java.util.List<Timeline.Entry> rows, int size) {
		return CursorPage.of(rows, size, (entry) -> new CursorPage.Position(entry.at(), entry.id()), (entry) -> entry);
	}

}
