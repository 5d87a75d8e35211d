/**
 * Shard placement: choosing, for each object, the backends of its pieces over the configured groups so
 * that losing {@code redundant_groups} groups plus {@code redundant_nodes} backends in every remaining
 * group still leaves {@code minimal_shards} pieces.
 */
package io.zstor.engine.placement;
