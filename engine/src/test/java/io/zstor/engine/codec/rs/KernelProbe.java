package io.zstor.engine.codec.rs;

/** Started in a child JVM by {@link KernelSelectionTest}: prints the default kernel or the selection error. */
public final class KernelProbe {

    private KernelProbe() {
    }

    public static void main(String[] args) {
        try {
            ReedSolomon rs = ReedSolomon.create(4, 2);
            byte[][] shards = new byte[6][100];
            for (int i = 0; i < 100; i++) {
                shards[0][i] = (byte) i;
            }
            rs.encodeParity(shards, 0, 100);
            System.out.println(rs.kernel() + " " + rs.isParityCorrect(shards, 0, 100));
        } catch (RuntimeException e) {
            System.out.println("error: " + e.getMessage());
        }
    }
}
