/**
 * The revenue cycle: each tenant's stage model (versioned), transitions with guards, and
 * the stage history.
 */
package io.revcycle.cycle;
