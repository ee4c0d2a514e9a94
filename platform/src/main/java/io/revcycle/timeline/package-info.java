/**
 * One ordered, paginated history per person and per account: activities, stage changes,
 * score changes.
 */
package io.revcycle.timeline;
