/**
 * The shared kernel: value types every feature speaks in, such as
 * {@link io.revcycle.kernel.Money}. It depends on no feature.
 */
package io.revcycle.kernel;
