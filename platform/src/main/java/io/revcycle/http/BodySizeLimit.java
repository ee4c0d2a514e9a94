package io.revcycle.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit with 413 problem+json: at once when the declared
 * length is too large, and while reading when a chunked body grows past it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimit extends OncePerRequestFilter {

	private final HttpSettings settings;

	BodySizeLimit(HttpSettings settings) {
		this.settings = settings;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean upload = Prefer.respondAsync(request) || ("POST".equals(request.getMethod())
				&& this.settings.uploadPaths().contains(request.getRequestURI()));
		long maxBytes = upload ? this.settings.maxUploadBytes() : this.settings.maxBodyBytes();
		if (request.getContentLengthLong() > maxBytes) {
			Problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(maxBytes, upload));
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, maxBytes), response);
		}
		catch (BodyTooLarge ex) {
			if (!response.isCommitted()) {
				response.reset();
				Problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(maxBytes, upload));
			}
		}
		catch (ServletException | RuntimeException ex) {
			if (causedByTooLarge(ex) && !response.isCommitted()) {
				response.reset();
				Problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(maxBytes, upload));
				return;
			}
			throw ex;
		}
	}

	private static String tooLarge(long maxBytes, boolean upload) {
		return upload ? "The file exceeds " + maxBytes + " bytes; split it into several imports."
				: "The request body exceeds " + maxBytes + " bytes; send less per request (for example, split a "
						+ "batch), or send a file to import with Prefer: respond-async.";
	}

	private static boolean causedByTooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLarge) {
				return true;
			}
		}
		return false;
	}

	static final class BodyTooLarge extends IOException {

		BodyTooLarge() {
			super("request body too large");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private long read;

		LimitedStream(ServletInputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLarge {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new BodyTooLarge();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
