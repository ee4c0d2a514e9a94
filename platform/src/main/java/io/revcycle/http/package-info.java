/**
 * The web edge, and only that: the one error mapping (problem+json), request and body
 * checks, body size limits, cursor pagination, request ids, the OpenAPI document.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.revcycle.http;
