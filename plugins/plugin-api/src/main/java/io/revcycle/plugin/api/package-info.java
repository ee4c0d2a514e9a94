/**
 * The connector plugin API: the only types a partner's connector compiles against.
 * Interfaces and records only; no Spring, JPA or Jackson types, so the API can stay
 * stable while the host changes.
 */
package io.revcycle.plugin.api;
