package io.revcycle.scoring;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.Problems;
import io.revcycle.people.Account;
import io.revcycle.people.Accounts;
import io.revcycle.people.People;
import io.revcycle.people.Person;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/people/{id}/score}: the score now (behaviour decayed to this
 * instant) and every rule that produced it.
 */
@RestController
class ScoreController {

	private final Scoring scoring;

	private final People people;

	private final Accounts accounts;

	private final Clock clock;

	ScoreController(Scoring scoring, People people, Accounts accounts, Clock clock) {
		this.scoring = scoring;
		this.people = people;
		this.accounts = accounts;
		this.clock = clock;
	}

	record ScoreView(UUID personId, int fitScore, int behaviourScore, UUID modelId, int modelVersion, Instant at,
			List<Scorer.Contribution> rules) {
	}

	@GetMapping("/api/v1/people/{id}/score")
	@Transactional
	ScoreView score(@PathVariable UUID id) {
		Person person = this.people.findById(id).orElseThrow(() -> Problems.notFound("person", id));
		Account account = (person.accountId() != null) ? this.accounts.findById(person.accountId()).orElse(null) : null;
		Scoring.ActiveModel active = this.scoring.active();
		Scorer.Score score = this.scoring.explain(person, account, this.clock.instant());
		return new ScoreView(person.id(), score.fit(), score.behaviour(), active.model().id(), active.model().version(),
				score.at(), score.contributions());
	}

}
