package io.revcycle.http;

import io.revcycle.kernel.InvalidInput;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Checks every JSON request body, whole, for values no operation can store, before any
 * controller sees it: text with NUL characters or unpaired surrogates (PostgreSQL refuses
 * both), numbers that are not finite or absurdly large, instants and dates outside years
 * 1 to 9999, and {@code null} items in the lists of a typed document (a list of rules
 * with a hole in it). Free-form maps ({@code properties}) are checked for text and
 * numbers only. Each problem is named by its path.
 */
@ControllerAdvice
class BodySanity extends RequestBodyAdviceAdapter {

	/** Years PostgreSQL's timestamps and every client can hold. */
	static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

	/** Digits a number may have before or after its point. */
	static final int MAX_DIGITS = 1000;

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		check(body, "", true, problems, 0);
		problems.throwIfAny();
		return body;
	}

	static void check(Object value, String path, boolean typed, InvalidInput.Collector problems, int depth) {
		if (value == null || depth > 200) {
			return;
		}
		if (value instanceof CharSequence text) {
			String problem = textProblem(text.toString());
			if (problem != null) {
				problems.add(path, problem);
			}
		}
		else if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			problems.check(Double.isNaN(number) || Double.isInfinite(number), path, "must be a finite number");
		}
		else if (value instanceof BigDecimal decimal) {
			problems.check(decimal.precision() - decimal.scale() > MAX_DIGITS || decimal.scale() > MAX_DIGITS, path,
					"is out of range");
		}
		else if (value instanceof BigInteger integer) {
			problems.check(integer.bitLength() > MAX_DIGITS * 4, path, "is out of range");
		}
		else if (value instanceof Instant instant) {
			problems.check(instant.isBefore(EARLIEST) || instant.isAfter(LATEST), path,
					"must be between the years 1 and 9999");
		}
		else if (value instanceof LocalDate date) {
			problems.check(date.getYear() < 1 || date.getYear() > 9999, path, "must be between the years 1 and 9999");
		}
		else if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String key = String.valueOf(entry.getKey());
				String at = join(path, key.replaceAll("\\p{Cntrl}|[\\uD800-\\uDFFF]", "?"));
				String problem = textProblem(key);
				if (problem != null) {
					problems.add(at, "the key " + problem);
				}
				check(entry.getValue(), at, false, problems, depth + 1);
			}
		}
		else if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				String at = path + "[" + i++ + "]";
				if (item == null && typed) {
					problems.add(at, "must not be null");
				}
				check(item, at, typed, problems, depth + 1);
			}
		}
		else if (value instanceof Object[] items) {
			for (int i = 0; i < items.length; i++) {
				String at = path + "[" + i + "]";
				if (items[i] == null && typed) {
					problems.add(at, "must not be null");
				}
				check(items[i], at, typed, problems, depth + 1);
			}
		}
		else if (value instanceof Record) {
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				Object field;
				try {
					component.getAccessor().setAccessible(true);
					field = component.getAccessor().invoke(value);
				}
				catch (ReflectiveOperationException | RuntimeException ex) {
					continue;
				}
				check(field, join(path, component.getName()), true, problems, depth + 1);
			}
		}
	}

	/** What is wrong with a text for storage, or null. */
	static String textProblem(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0) {
				return "must not contain NUL characters";
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
					continue;
				}
				return "is not valid Unicode text (an unpaired surrogate)";
			}
			if (Character.isLowSurrogate(c)) {
				return "is not valid Unicode text (an unpaired surrogate)";
			}
		}
		return null;
	}

	private static String join(String path, String name) {
		return path.isEmpty() ? name : path + "." + name;
	}

}
