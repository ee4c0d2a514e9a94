package io.revcycle.export;

import io.revcycle.jobs.Jobs;
import io.revcycle.people.PersonErased;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Exports kept to download (the results of export jobs) hold the people of their
 * snapshot: when a person is erased, the tenant's kept exports are removed with it, in
 * the erasing transaction. The jobs stay, without a result.
 */
@Component
class ExportErasure {

	private final Jobs jobs;

	ExportErasure(Jobs jobs) {
		this.jobs = jobs;
	}

	@EventListener
	void on(PersonErased erased) {
		this.jobs.discardResults(ExportJob.KIND);
	}

}
