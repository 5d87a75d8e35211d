package io.zstor.cli.output;

import java.util.Locale;

/** Human-readable byte counts (binary units) for tables and the progress bar. */
public final class Sizes {

    private Sizes() {
    }

    /** {@code 1536} -> {@code "1.5 KiB"}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
