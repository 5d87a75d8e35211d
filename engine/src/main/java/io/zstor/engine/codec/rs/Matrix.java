package io.zstor.engine.codec.rs;

import java.util.Arrays;

/**
 * An immutable matrix over {@link GaloisField GF(2^8)}: just enough linear algebra to build the encoding
 * matrix and invert the sub-matrices that decode an erasure pattern.
 */
final class Matrix {

    private final int rows;
    private final int columns;
    private final byte[][] data;

    private Matrix(byte[][] data) {
        this.rows = data.length;
        this.columns = rows == 0 ? 0 : data[0].length;
        this.data = data;
    }

    /** A matrix holding a copy of {@code values} (rows of equal length). */
    static Matrix of(byte[][] values) {
        byte[][] copy = new byte[values.length][];
        for (int r = 0; r < values.length; r++) {
            copy[r] = values[r].clone();
            if (copy[r].length != values[0].length) {
                throw new IllegalArgumentException("matrix rows differ in length");
            }
        }
        return new Matrix(copy);
    }

    /** The {@code size x size} identity. */
    static Matrix identity(int size) {
        byte[][] d = new byte[size][size];
        for (int i = 0; i < size; i++) {
            d[i][i] = 1;
        }
        return new Matrix(d);
    }

    /** The {@code rows x columns} Vandermonde matrix {@code V[r][c] = r^c} (with {@code 0^0 = 1}). */
    static Matrix vandermonde(int rows, int columns) {
        byte[][] d = new byte[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                d[r][c] = (byte) GaloisField.power(r, c);
            }
        }
        return new Matrix(d);
    }

    int rows() {
        return rows;
    }

    int columns() {
        return columns;
    }

    /** Element at ({@code r}, {@code c}) as 0..255. */
    int get(int r, int c) {
        return data[r][c] & 0xFF;
    }

    /** A copy of row {@code r}. */
    byte[] row(int r) {
        return data[r].clone();
    }

    /** The product {@code this x right}. */
    Matrix times(Matrix right) {
        if (columns != right.rows) {
            throw new IllegalArgumentException("cannot multiply " + rows + "x" + columns + " by " + right.rows + "x" + right.columns);
        }
        byte[][] d = new byte[rows][right.columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < right.columns; c++) {
                int v = 0;
                for (int i = 0; i < columns; i++) {
                    v ^= GaloisField.multiply(data[r][i], right.data[i][c]);
                }
                d[r][c] = (byte) v;
            }
        }
        return new Matrix(d);
    }

    /** Rows {@code [from, to)} as a new matrix. */
    Matrix rows(int from, int to) {
        return new Matrix(Arrays.copyOfRange(data, from, to)).copy();
    }

    /** The rows listed in {@code indexes}, in that order. */
    Matrix select(int[] indexes) {
        byte[][] d = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            d[i] = data[indexes[i]].clone();
        }
        return new Matrix(d);
    }

    private Matrix copy() {
        byte[][] d = new byte[rows][];
        for (int r = 0; r < rows; r++) {
            d[r] = data[r].clone();
        }
        return new Matrix(d);
    }

    /**
     * The inverse of this square matrix by Gauss-Jordan elimination.
     *
     * @throws IllegalStateException when the matrix is singular (never for sub-matrices of a valid encoding matrix)
     */
    Matrix invert() {
        if (rows != columns) {
            throw new IllegalArgumentException("only square matrices can be inverted, got " + rows + "x" + columns);
        }
        int n = rows;
        byte[][] work = new byte[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(data[r], 0, work[r], 0, n);
            work[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new IllegalStateException("matrix is singular");
            }
            byte[] tmp = work[pivot];
            work[pivot] = work[col];
            work[col] = tmp;
            byte[] pivotRow = work[col];
            int p = pivotRow[col] & 0xFF;
            if (p != 1) {
                int scale = GaloisField.divide(1, p);
                for (int c = 0; c < 2 * n; c++) {
                    pivotRow[c] = (byte) GaloisField.multiply(pivotRow[c], scale);
                }
            }
            for (int r = 0; r < n; r++) {
                int factor = work[r][col] & 0xFF;
                if (r != col && factor != 0) {
                    byte[] row = work[r];
                    for (int c = 0; c < 2 * n; c++) {
                        row[c] ^= (byte) GaloisField.multiply(pivotRow[c], factor);
                    }
                }
            }
        }
        byte[][] inverse = new byte[n][];
        for (int r = 0; r < n; r++) {
            inverse[r] = Arrays.copyOfRange(work[r], n, 2 * n);
        }
        return new Matrix(inverse);
    }

    /** Rows as unsigned numbers, e.g. {@code [[1, 0], [0, 1]]}, for tests and diagnostics. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < columns; c++) {
                sb.append(c == 0 ? "" : ", ").append(get(r, c));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }
}
