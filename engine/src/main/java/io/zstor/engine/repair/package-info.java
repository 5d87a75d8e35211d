/**
 * Background repair: a periodic (and on-demand) sweep over all metadata that finds objects with pieces on
 * unreachable or removed backends, or (scrub) missing and corrupt pieces, and restores their full
 * redundancy least-redundant first; and the re-encoding of all metadata onto a replaced metadata backend set.
 */
package io.zstor.engine.repair;
