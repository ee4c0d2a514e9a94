package io.revcycle.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error an operation answers besides the ones every operation may (400, 401, 403, 404,
 * 429), for the OpenAPI document: a problem+json with this status. Unlike springdoc's own
 * {@code @ApiResponse}, it keeps the success answer springdoc works out from the handler.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemResponse {

	/** The status, such as 409. */
	int status();

	/** When it is answered, and what to do then. */
	String description();

}
