/**
 * The revenue cycle: each tenant's stage model (versioned), transitions with guards, and
 * the stage history.
 */
@io.revcycle.kernel.Tables(owns = { "stage_models", "stage_model_approvals", "stage_history" })
package io.revcycle.cycle;
