package io.revcycle.http;

import java.util.Collections;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code Prefer} request header (RFC 7240): a client that sends
 * {@code Prefer: respond-async} asks for a job (202) instead of an answer that waits for
 * the whole work.
 */
public final class Prefer {

	/** The preference, as a client sends it. */
	public static final String RESPOND_ASYNC = "respond-async";

	private Prefer() {
	}

	/** Whether the request prefers an asynchronous answer. */
	public static boolean respondAsync(HttpServletRequest request) {
		for (String header : Collections.list(request.getHeaders("Prefer"))) {
			for (String preference : header.split(",")) {
				String token = preference.split(";", 2)[0].split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
				if (token.equals(RESPOND_ASYNC)) {
					return true;
				}
			}
		}
		return false;
	}

}
