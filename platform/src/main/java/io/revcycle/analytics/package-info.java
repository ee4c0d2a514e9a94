/**
 * Reports over the revenue cycle: the funnel (conversion, velocity and leaks, by stage,
 * team and owner, as it stood at any time), campaigns in currency, the pipeline and the
 * revenue plan. It keeps its own read model of the funnel, one row per stay of a person
 * in a stage, fed by the cycle's moves, and reads other features through their APIs and
 * published views.
 */
@io.revcycle.kernel.Tables(owns = { "stage_stays" })
package io.revcycle.analytics;
