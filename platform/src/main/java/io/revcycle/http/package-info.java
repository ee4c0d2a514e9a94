/**
 * What every feature shares: the HTTP edge (problem+json errors, body size limits, cursor
 * pagination, CSV) and small persistence helpers (assigned ids, bulk writes with arrays,
 * values kept per transaction).
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.revcycle.http;
