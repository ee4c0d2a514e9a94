package io.revcycle.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else reads them, requests whose address or headers no
 * operation can take: a path or query string with bad percent-encoding, invalid UTF-8 or
 * control characters (a NUL byte would otherwise reach the database), and a
 * {@code Content-Type} that is malformed or a wildcard. The query parameters, decoded
 * strictly, are kept for {@link StrictParameters}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSanity extends OncePerRequestFilter {

	/** The request attribute holding the query parameters, name to values, in order. */
	static final String QUERY = RequestSanity.class.getName() + ".query";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String problem = pathProblem(request.getRequestURI());
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (problem == null) {
			problem = parseQuery(request.getQueryString(), query);
		}
		if (problem != null) {
			Problems.write(request, response, HttpStatus.BAD_REQUEST, problem);
			return;
		}
		String contentType = request.getContentType();
		if (contentType != null) {
			try {
				MediaType type = MediaType.parseMediaType(contentType);
				if (type.isWildcardType() || type.isWildcardSubtype()) {
					Problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The Content-Type '"
							+ contentType + "' is a wildcard; name the type you send, such as application/json.");
					return;
				}
			}
			catch (InvalidMediaTypeException ex) {
				Problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
						"The Content-Type header is not a valid media type; send application/json.");
				return;
			}
		}
		request.setAttribute(QUERY, query);
		chain.doFilter(request, response);
	}

	/** What is wrong with the path, or null. */
	static String pathProblem(String rawPath) {
		String decoded = decode(rawPath, false);
		if (decoded == null) {
			return "The path has bad percent-encoding or is not valid UTF-8.";
		}
		if (hasControl(decoded)) {
			return "The path holds control characters.";
		}
		return null;
	}

	/**
	 * Decodes a query string into {@code parameters}; returns what is wrong with it, or
	 * null.
	 */
	static String parseQuery(String raw, Map<String, List<String>> parameters) {
		if (raw == null || raw.isEmpty()) {
			return null;
		}
		for (String pair : raw.split("&", -1)) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair, true);
			String value = decode((equals >= 0) ? pair.substring(equals + 1) : "", true);
			if (name == null || value == null) {
				return "The query string has bad percent-encoding or is not valid UTF-8 near '" + printable(pair)
						+ "'; encode reserved characters as %XX of their UTF-8 bytes.";
			}
			if (hasControl(name) || hasControl(value)) {
				return "The query parameter '" + printable(name) + "' holds control characters.";
			}
			parameters.computeIfAbsent(name, (k) -> new ArrayList<>()).add(value);
		}
		return null;
	}

	/** Percent-decodes strictly (and '+' as a space in a query); null when invalid. */
	private static String decode(String text, boolean plusIsSpace) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%') {
				if (i + 2 >= text.length()) {
					return null;
				}
				int high = Character.digit(text.charAt(i + 1), 16);
				int low = Character.digit(text.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else if (c == '+' && plusIsSpace) {
				bytes.write(' ');
			}
			else if (c > 0x7f) {
				// the container decoded raw non-ASCII bytes already: take them as they
				// are
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
			else {
				bytes.write(c);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/** Whether text holds a C0 control character other than tab, or DEL. */
	static boolean hasControl(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

	private static String printable(String text) {
		String shown = text.replaceAll("[\\p{Cntrl}]", "?");
		return (shown.length() > 60) ? shown.substring(0, 60) + "..." : shown;
	}

}
