/**
 * The tenant's whole data as one stream of NDJSON records, from one snapshot, resumable;
 * each feature says which of its tables it gives ({@link io.revcycle.kernel.Exported}).
 */
package io.revcycle.export;
