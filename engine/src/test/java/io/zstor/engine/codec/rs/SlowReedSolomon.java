package io.zstor.engine.codec.rs;

/**
 * An independent, deliberately naive Reed-Solomon encoder for tests: bitwise GF(2^8) multiplication
 * (shift-and-add modulo 0x11D), the Vandermonde matrix built by repeated multiplication, its top square
 * inverted by textbook Gauss-Jordan elimination, and a per-byte matrix-vector product. Shares no code
 * with the production classes.
 */
final class SlowReedSolomon {

    private SlowReedSolomon() {
    }

    static int mul(int a, int b) {
        int product = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                product ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11D;
            }
            b >>= 1;
        }
        return product;
    }

    static int inverse(int a) {
        for (int x = 1; x < 256; x++) {
            if (mul(a, x) == 1) {
                return x;
            }
        }
        throw new ArithmeticException("no inverse of " + a);
    }

    /** {@code (k + m) x k} encoding matrix, entries 0..255. */
    static int[][] encodingMatrix(int k, int m) {
        int n = k + m;
        int[][] v = new int[n][k];
        for (int r = 0; r < n; r++) {
            int power = 1; // r^0 = 1, also for r = 0
            for (int c = 0; c < k; c++) {
                v[r][c] = power;
                power = mul(power, r);
            }
        }
        int[][] top = new int[k][];
        for (int r = 0; r < k; r++) {
            top[r] = v[r].clone();
        }
        int[][] topInverse = invert(top);
        int[][] e = new int[n][k];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < k; c++) {
                int sum = 0;
                for (int i = 0; i < k; i++) {
                    sum ^= mul(v[r][i], topInverse[i][c]);
                }
                e[r][c] = sum;
            }
        }
        return e;
    }

    static int[][] invert(int[][] a) {
        int n = a.length;
        int[][] m = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(a[r], 0, m[r], 0, n);
            m[r][n + r] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            while (m[p][c] == 0) {
                p++;
            }
            int[] t = m[p];
            m[p] = m[c];
            m[c] = t;
            int inv = inverse(m[c][c]);
            for (int x = 0; x < 2 * n; x++) {
                m[c][x] = mul(m[c][x], inv);
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    int f = m[r][c];
                    for (int x = 0; x < 2 * n; x++) {
                        m[r][x] ^= mul(f, m[c][x]);
                    }
                }
            }
        }
        int[][] out = new int[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(m[r], n, out[r], 0, n);
        }
        return out;
    }

    /** Parity shards of {@code data} ({@code k} arrays of equal length). */
    static byte[][] parity(byte[][] data, int m) {
        int k = data.length;
        int[][] e = encodingMatrix(k, m);
        int len = data[0].length;
        byte[][] parity = new byte[m][len];
        for (int p = 0; p < m; p++) {
            for (int b = 0; b < len; b++) {
                int sum = 0;
                for (int d = 0; d < k; d++) {
                    sum ^= mul(e[k + p][d], data[d][b] & 0xFF);
                }
                parity[p][b] = (byte) sum;
            }
        }
        return parity;
    }
}
