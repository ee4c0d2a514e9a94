package io.revcycle.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

/**
 * Requests refused before the framework can read them, answered with problems like every
 * other refusal of the gateway (they were empty 400, 414 and 431 answers):
 * <ul>
 * <li>a request line over {@code server.netty.max-initial-line-length} (414), headers
 * over {@code server.max-http-request-header-size} in all (431), or a request that is not
 * HTTP/1.1 (400): the HTTP decoder refuses those, and {@link DecodingFailures} gives its
 * answer a body;</li>
 * <li>a URL that cannot be parsed (a {@code %} not followed by two hexadecimal digits, a
 * character that must be percent-encoded): answered 400 by a route ahead of the
 * framework, which would otherwise refuse it with an empty 400.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class UnreadableRequests {

	private static final Logger access = LoggerFactory.getLogger("io.revcycle.gateway.access");

	@Bean
	NettyRouteProvider unreadableUrls() {
		return (routes) -> routes.route((request) -> Problems.forUnreadableUrl(request.uri()).isPresent(),
				(request, response) -> {
					Problem problem = Problems.forUnreadableUrl(request.uri()).orElseThrow();
					access.info("requestId=- method={} path=(unreadable URL) status={}", request.method(),
							problem.status().value());
					response.status(problem.status().value())
						.header(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
					problem.headers().forEach((name, values) -> response.header(name, String.join(", ", values)));
					byte[] body = problem.bytes(null);
					response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
					return response.sendByteArray(Mono.just(body)).then();
				});
	}

	@Bean
	NettyServerCustomizer decodingFailureBodies(@Value("${server.netty.max-initial-line-length}") DataSize maxLine,
			@Value("${server.max-http-request-header-size}") DataSize maxHeaders) {
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, DecodingFailures.NAME,
						new DecodingFailures(maxLine, maxHeaders));
			}
		});
	}

	/**
	 * Sits between the HTTP codec and the server: notes when the decoder could not read a
	 * request, and gives the empty answer the server then writes the problem's body. One
	 * per connection; the server closes a connection after such an answer.
	 */
	static final class DecodingFailures extends ChannelDuplexHandler {

		static final String NAME = "revcycle.problemBodies";

		private final DataSize maxLine;

		private final DataSize maxHeaders;

		private Throwable failure;

		DecodingFailures(DataSize maxLine, DataSize maxHeaders) {
			this.maxLine = maxLine;
			this.maxHeaders = maxHeaders;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			if (msg instanceof DecoderResultProvider decoded && decoded.decoderResult().isFailure()) {
				this.failure = decoded.decoderResult().cause();
			}
			super.channelRead(ctx, msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			Throwable cause = this.failure;
			if (cause != null && msg instanceof FullHttpResponse empty && empty.status().code() >= 400
					&& !empty.content().isReadable()) {
				this.failure = null;
				Problem problem = Problems.forUndecodableRequest(cause, this.maxLine, this.maxHeaders);
				byte[] body = problem.bytes(null);
				FullHttpResponse answer = new DefaultFullHttpResponse(empty.protocolVersion(),
						HttpResponseStatus.valueOf(problem.status().value()), Unpooled.wrappedBuffer(body));
				answer.headers().set(empty.headers());
				problem.headers().forEach((name, values) -> answer.headers().set(name, values));
				answer.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
					.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
				empty.release();
				super.write(ctx, answer, promise);
				return;
			}
			super.write(ctx, msg, promise);
		}

	}

}
