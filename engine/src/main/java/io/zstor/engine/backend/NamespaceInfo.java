package io.zstor.engine.backend;

import java.util.Map;
import java.util.OptionalLong;

/**
 * A parsed NSINFO reply. Unknown fields are kept in {@link #raw()}; missing numeric fields are 0 and
 * missing flags false, so a server that omits fields never breaks the client.
 *
 * @param name namespace name
 * @param entries live entries
 * @param dataSizeBytes payload bytes of live entries
 * @param dataLimitBytes namespace maxsize, 0 when unlimited
 * @param indexSizeBytes index size
 * @param mode key mode, null if the reply did not say
 * @param isPublic public flag
 * @param passwordProtected password flag
 * @param worm write-once flag
 * @param locked locked flag
 * @param spaceAvailable {@code space_available} when the namespace has a limit
 * @param dataDiskFreeBytes free bytes on the data disk
 * @param indexDiskFreeBytes free bytes on the index disk
 * @param dataIoErrors stats_data_io_errors
 * @param dataFaults stats_data_faults
 * @param indexIoErrors stats_index_io_errors
 * @param indexFaults stats_index_faults
 * @param raw every {@code key: value} line as received
 */
public record NamespaceInfo(
        String name,
        long entries,
        long dataSizeBytes,
        long dataLimitBytes,
        long indexSizeBytes,
        NamespaceMode mode,
        boolean isPublic,
        boolean passwordProtected,
        boolean worm,
        boolean locked,
        OptionalLong spaceAvailable,
        long dataDiskFreeBytes,
        long indexDiskFreeBytes,
        long dataIoErrors,
        long dataFaults,
        long indexIoErrors,
        long indexFaults,
        Map<String, String> raw) {

    /**
     * The real free space for new data: {@code space_available} when the namespace has a limit (capped by
     * the disk), else the free space of the data disk. (The original reported the limit itself.)
     */
    public long freeSpaceBytes() {
        if (spaceAvailable.isPresent()) {
            return Math.min(spaceAvailable.getAsLong(), dataDiskFreeBytes > 0 ? dataDiskFreeBytes : Long.MAX_VALUE);
        }
        if (dataLimitBytes > 0) {
            return Math.max(0, Math.min(dataLimitBytes - dataSizeBytes, dataDiskFreeBytes > 0 ? dataDiskFreeBytes : Long.MAX_VALUE));
        }
        return dataDiskFreeBytes;
    }
}
