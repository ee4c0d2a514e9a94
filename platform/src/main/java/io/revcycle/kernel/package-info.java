/**
 * The shared kernel, declared on purpose: value types and refusals every feature speaks
 * ({@link io.revcycle.kernel.Money}, {@link io.revcycle.kernel.InvalidInput},
 * {@link io.revcycle.kernel.Conflict}) and small persistence helpers (assigned ids, bulk
 * writes with arrays, values kept per transaction). It depends on no feature.
 */
package io.revcycle.kernel;
