package io.zstor.engine.codec;

import java.nio.charset.StandardCharsets;

/** Started in a child JVM by {@link Blake2bKernelSelectionTest}: prints the default kernel and a digest, or the error. */
public final class Blake2bKernelProbe {

    private Blake2bKernelProbe() {
    }

    public static void main(String[] args) {
        try {
            Blake2b128 b = new Blake2b128();
            b.update("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
            System.out.println(b.kernel().name() + " " + b.finishHex());
        } catch (RuntimeException e) {
            System.out.println("error: " + e.getMessage());
        }
    }
}
