package io.zstor.engine.meta;

import io.zstor.engine.codec.Blake2b128;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The original's key layout in the metadata namespaces: {@code /<prefix>/meta/<hex(blake2b-128(key))>} for
 * objects and {@code /<prefix>/failures/<hex(blake2b-128(key))>} for failure records. Large records are split;
 * their extra parts live under {@code <record key>.part<i>.<hex(generation)>}.
 */
public final class MetaKeys {

    private final String metaPrefix;
    private final String failurePrefix;
    private final Pattern objectKey;

    /** @param prefix {@code meta.config.prefix} */
    public MetaKeys(String prefix) {
        this.metaPrefix = "/" + prefix + "/meta/";
        this.failurePrefix = "/" + prefix + "/failures/";
        this.objectKey = Pattern.compile(Pattern.quote(metaPrefix) + "[0-9a-f]{32}");
    }

    /** Storage key of an object's metadata. */
    public String objectKey(String key) {
        return metaPrefix + hash(key);
    }

    /** Storage key of a failure record. */
    public String failureKey(String key) {
        return failurePrefix + hash(key);
    }

    /** Whether {@code storageKey} is the head record of an object's metadata (not a part, not a failure). */
    public boolean isObjectKey(String storageKey) {
        return objectKey.matcher(storageKey).matches();
    }

    /** Whether {@code storageKey} is a failure record head. */
    public boolean isFailureKey(String storageKey) {
        return storageKey.startsWith(failurePrefix) && storageKey.length() == failurePrefix.length() + 32;
    }

    /**
     * Storage key of part {@code index >= 1} of a split record written as {@code generation}. Each write has
     * its own part keys, so a write that fails half-way never overwrites the parts the record's last complete
     * version still needs.
     */
    static String partKey(String storageKey, byte[] generation, int index) {
        return storageKey + ".part" + index + "." + java.util.HexFormat.of().formatHex(generation);
    }

    /** Storage key of part {@code index >= 1} as records written before part keys named their generation had it. */
    static String legacyPartKey(String storageKey, int index) {
        return storageKey + ".part" + index;
    }

    private static String hash(String key) {
        return Blake2b128.toHex(Blake2b128.hash(key.getBytes(StandardCharsets.UTF_8)));
    }
}
