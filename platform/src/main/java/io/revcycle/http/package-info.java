/**
 * The HTTP edge shared by every feature: problem+json errors, body size limits, cursor
 * pagination.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.revcycle.http;
