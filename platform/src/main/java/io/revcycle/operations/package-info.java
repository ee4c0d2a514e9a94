/**
 * How a platform replica runs under an orchestrator: on stop it turns unready, stops
 * taking background work and finishes or releases what it claimed; its management port
 * (health groups, Prometheus metrics) is open to the cluster, not to the API's callers.
 */
package io.revcycle.operations;
