package io.revcycle.plugin.host;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link System.Logger} a connector instance gets: lines go to SLF4J (logger
 * {@code revcycle.connector.<id>}), start with the tenant and instance, and carry no
 * value of a secret configuration field, neither in the message nor in a thrown
 * exception's messages.
 * <p>
 * A connector that writes too much is held to {@value #LINES_PER_SECOND} lines a second,
 * with bursts of {@value #BURST} (a bucket per instance): the lines over it are dropped
 * before they are formatted, so a plugin flooding its log costs the platform almost
 * nothing, and the next line let through says how many were dropped.
 */
final class HostLogger implements System.Logger {

	private final String name;

	private final Logger delegate;

	private final String prefix;

	private final Secrets secrets;

	private final Consumer<String> tap;

	static final int LINES_PER_SECOND = 20;

	static final int BURST = 200;

	private final LongSupplier nanos;

	private double allowance = BURST;

	private long refilledAt;

	private long dropped;

	HostLogger(String connectorId, String tenant, String instanceId, Secrets secrets, Consumer<String> tap) {
		this(connectorId, tenant, instanceId, secrets, tap, System::nanoTime);
	}

	HostLogger(String connectorId, String tenant, String instanceId, Secrets secrets, Consumer<String> tap,
			LongSupplier nanos) {
		this.name = "revcycle.connector." + connectorId;
		this.delegate = LoggerFactory.getLogger(this.name);
		this.prefix = "[tenant=" + tenant + " instance=" + instanceId + "] ";
		this.secrets = secrets;
		this.tap = tap;
		this.nanos = nanos;
		this.refilledAt = nanos.getAsLong();
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public boolean isLoggable(Level level) {
		if (level == Level.OFF) {
			return false;
		}
		return this.tap != null || enabled(level);
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
		if (isLoggable(level) && admit()) {
			emit(level, localize(bundle, message), thrown);
		}
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String format, Object... params) {
		if (isLoggable(level) && admit()) {
			emit(level, format(localize(bundle, format), params), null);
		}
	}

	/**
	 * Whether a line may be written now; the first line after some were dropped is
	 * preceded by a line that counts them.
	 */
	private boolean admit() {
		long dropped;
		synchronized (this) {
			long now = this.nanos.getAsLong();
			this.allowance = Math.min(BURST, this.allowance + (now - this.refilledAt) * LINES_PER_SECOND / 1e9);
			this.refilledAt = now;
			if (this.allowance < 1) {
				this.dropped++;
				return false;
			}
			this.allowance--;
			dropped = this.dropped;
			this.dropped = 0;
		}
		if (dropped > 0) {
			emit(Level.WARNING, dropped + " lines of this connector were dropped: it wrote more than "
					+ LINES_PER_SECOND + " lines a second", null);
		}
		return true;
	}

	private void emit(Level level, String text, Throwable thrown) {
		String line = this.prefix + this.secrets.mask(text);
		Throwable safe = (thrown != null) ? this.secrets.sanitize(thrown) : null;
		if (enabled(level)) {
			switch (level) {
				case ALL, TRACE -> this.delegate.trace(line, safe);
				case DEBUG -> this.delegate.debug(line, safe);
				case INFO -> this.delegate.info(line, safe);
				case WARNING -> this.delegate.warn(line, safe);
				default -> this.delegate.error(line, safe);
			}
		}
		if (this.tap != null) {
			this.tap.accept(level.getName() + " " + line + ((safe != null) ? " | " + safe : ""));
		}
	}

	private boolean enabled(Level level) {
		return switch (level) {
			case ALL, TRACE -> this.delegate.isTraceEnabled();
			case DEBUG -> this.delegate.isDebugEnabled();
			case INFO -> this.delegate.isInfoEnabled();
			case WARNING -> this.delegate.isWarnEnabled();
			case ERROR -> this.delegate.isErrorEnabled();
			case OFF -> false;
		};
	}

	private static String localize(ResourceBundle bundle, String key) {
		if (bundle == null || key == null) {
			return String.valueOf(key);
		}
		try {
			return bundle.getString(key);
		}
		catch (MissingResourceException ex) {
			return key;
		}
	}

	private static String format(String format, Object... params) {
		if (params == null || params.length == 0) {
			return format;
		}
		try {
			return new MessageFormat(format, Locale.ROOT).format(params);
		}
		catch (RuntimeException ex) {
			try {
				return format + " " + Arrays.toString(params);
			}
			catch (RuntimeException again) {
				return format;
			}
		}
	}

}
