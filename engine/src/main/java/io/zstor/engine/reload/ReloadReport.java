package io.zstor.engine.reload;

import java.util.List;

/**
 * What a successful reload changed. Backend names are {@code address - namespace}, never passwords.
 *
 * @param addedDataBackends data backends new in this config
 * @param removedDataBackends data backends no longer configured (their pieces are moved by repair)
 * @param metadataMoved whether the metadata backends changed and all metadata was re-encoded onto them
 * @param metadataRecords records copied to the new metadata backends (0 when they did not change)
 * @param notApplied keys that changed but only take effect after a restart
 */
public record ReloadReport(List<String> addedDataBackends, List<String> removedDataBackends, boolean metadataMoved,
        long metadataRecords, List<String> notApplied) {

    /** Copies the lists. */
    public ReloadReport {
        addedDataBackends = List.copyOf(addedDataBackends);
        removedDataBackends = List.copyOf(removedDataBackends);
        notApplied = List.copyOf(notApplied);
    }
}
