/**
 * Object metadata: the model ({@link io.zstor.engine.meta.ObjectMeta}), its compact versioned binary
 * encoding ({@link io.zstor.engine.meta.MetaCodec}) and the {@link io.zstor.engine.meta.MetaStore}, which
 * keeps every record encrypted with the metadata key and Reed-Solomon coded 2+2 over the four user-key
 * metadata namespaces, under the original's key layout {@code /<prefix>/meta/<hex(blake2b-128(key))>}.
 */
package io.zstor.engine.meta;
