package io.revcycle.cycle;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records the stage events the engine publishes, as a later feature (SLAs, analytics)
 * would receive them.
 */
@Component
public class StageEvents {

	private final List<Object> events = new CopyOnWriteArrayList<>();

	@EventListener
	void entered(StageEntered event) {
		this.events.add(event);
	}

	@EventListener
	void exited(StageExited event) {
		this.events.add(event);
	}

	/** The events about a person, in publication order. */
	public List<Object> of(UUID person) {
		return this.events.stream()
			.filter((e) -> (e instanceof StageEntered entered) ? entered.personId().equals(person)
					: ((StageExited) e).personId().equals(person))
			.toList();
	}

}
