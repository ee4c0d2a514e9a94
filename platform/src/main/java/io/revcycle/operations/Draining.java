package io.revcycle.operations;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The background work of this replica (the SLA clock, the outbox dispatcher, the
 * connector poller) and its end when the replica stops.
 *
 * <p>
 * Each piece of background work runs through {@link #run(String, Runnable)}. When the
 * application context closes (SIGTERM from Kubernetes), this stops first, before the web
 * server: readiness turns to {@link ReadinessState#REFUSING_TRAFFIC}, no new work starts,
 * and the work under way sees {@link #requested()}, finishes the item it is on and
 * releases what it claimed but did not start, so another replica takes it at once instead
 * of when its lease runs out. The stop waits for that up to
 * {@link DrainSettings#timeout()}.
 */
@Component
public class Draining implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Draining.class);

	/**
	 * Before the web server's graceful shutdown, so health stays reachable while
	 * draining.
	 */
	static final int PHASE = Integer.MAX_VALUE;

	private final ApplicationEventPublisher events;

	private final DrainSettings settings;

	private final AtomicBoolean requested = new AtomicBoolean();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition idle = this.lock.newCondition();

	private int active;

	private volatile boolean running;

	Draining(ApplicationEventPublisher events, DrainSettings settings) {
		this.events = events;
		this.settings = settings;
	}

	/**
	 * Whether this replica is stopping: background work should finish the item it is on,
	 * release the rest of what it claimed and return.
	 */
	public boolean requested() {
		return this.requested.get();
	}

	/**
	 * Runs a piece of background work unless this replica is stopping; a stop waits for
	 * it.
	 * @param what a name for the log
	 * @param work the work; it should check {@link #requested()} between items
	 */
	public void run(String what, Runnable work) {
		this.lock.lock();
		try {
			if (requested()) {
				return;
			}
			this.active++;
		}
		finally {
			this.lock.unlock();
		}
		try {
			work.run();
		}
		finally {
			this.lock.lock();
			try {
				this.active--;
				this.idle.signalAll();
			}
			finally {
				this.lock.unlock();
			}
			if (requested()) {
				log.info("Draining: {} stopped", what);
			}
		}
	}

	/**
	 * Starts, or starts again after a stop: a context that is stopped and restarted (as
	 * the test framework pauses a cached context it does not need and resumes it later)
	 * runs its background work again, and takes traffic again if the stop had turned its
	 * readiness off.
	 */
	@Override
	public void start() {
		if (this.requested.compareAndSet(true, false)) {
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		drain();
	}

	@Override
	public void stop(Runnable callback) {
		try {
			drain();
		}
		finally {
			callback.run();
		}
	}

	private void drain() {
		if (!this.requested.compareAndSet(false, true)) {
			return;
		}
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		long deadline = System.nanoTime() + this.settings.timeout().toNanos();
		this.lock.lock();
		try {
			log.info("Draining: readiness is off; waiting for {} piece(s) of background work to finish or release "
					+ "their claims", this.active);
			while (this.active > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					log.warn(
							"Draining: {} piece(s) of background work still running after {}; stopping anyway, "
									+ "their leases let another replica take them over",
							this.active, this.settings.timeout());
					break;
				}
				this.idle.awaitNanos(left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
			this.running = false;
		}
		log.info("Draining: done");
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
