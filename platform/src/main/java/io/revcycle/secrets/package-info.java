/**
 * Secrets at rest: values sealed with Tink's AEAD under a keyset that operators rotate,
 * bound to their row, and re-sealed under the current key by every feature that owns
 * some.
 */
package io.revcycle.secrets;
