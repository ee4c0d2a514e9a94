/**
 * Reports over the revenue cycle: the funnel (conversion, velocity and leaks, by stage,
 * team and owner, as it stood at any time), campaigns in currency, the pipeline and the
 * revenue plan. It keeps its own read model of the funnel, one row per stay of a person
 * in a stage, fed by the cycle's moves, the campaigns that had touched each person when
 * they first became an MQL or a customer, with daily rollups, and reads other features
 * through their APIs and published views.
 */
@io.revcycle.kernel.Tables(
		owns = { "stage_stays", "campaign_conversions", "conversion_days", "stay_days", "stay_durations" })
package io.revcycle.analytics;
