/**
 * Scoring: versioned models both marketing and sales sign, fit and behaviour rules with
 * caps and decay, and explanations of every score.
 */
package io.revcycle.scoring;
