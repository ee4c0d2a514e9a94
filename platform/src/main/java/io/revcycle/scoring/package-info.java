/**
 * Scoring: versioned models both marketing and sales sign, fit and behaviour rules with
 * caps and decay kept true over time, explanations and causes of every score, the
 * back-test, and advancing people through the cycle after each rescoring.
 */
@io.revcycle.kernel.Tables(owns = { "scoring_models", "scoring_model_approvals", "rescoring_runs" })
package io.revcycle.scoring;
