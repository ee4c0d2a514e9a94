/**
 * The connector plugin API: the only types a partner's connector compiles against.
 * Interfaces and records, and since 1.1.0 a few small final classes a webhook connector
 * would otherwise copy or take from a library (the signature checks {@link Hmac},
 * {@link TimestampedSignature} and {@link ConstantTime}, the reader {@link Json}); no
 * Spring, JPA or Jackson types and no dependencies beyond the JDK, so the API can stay
 * stable while the host changes.
 */
package io.revcycle.plugin.api;
