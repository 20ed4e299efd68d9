package org.residuallab.nn.fast;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rows of a table picked by index, and gradients added back into them: an embedding's lookup and its
 * backward. Arrays are matrices of rows, dense and of one type (float32 or float64).
 */
public final class Rows {
    private Rows() {}

    /** out[i] = table[ids[i]] for every row i of out (N, C); table is (V, C). One memcpy per row. */
    public static void gather(INDArray table, int[] ids, INDArray out) {
        check(table, out, ids);
        int c = (int) table.columns();
        long bytes = c * (long) table.data().getElementSize();
        At p = At.get();
        boolean f = table.dataType() == DataType.FLOAT;
        for (int i = 0; i < ids.length; i++) {
            if (f) Pointer.memcpy(p.f0.at(out, (long) i * c), p.f1.at(table, (long) ids[i] * c), bytes);
            else Pointer.memcpy(p.d0.at(out, (long) i * c), p.d1.at(table, (long) ids[i] * c), bytes);
        }
    }

    /** dTable[ids[i]] += dOut[i] for every row i of dOut (N, C); rows that repeat add up. One axpy per row. */
    public static void scatterAdd(INDArray dOut, int[] ids, INDArray dTable) {
        check(dTable, dOut, ids);
        int c = (int) dTable.columns();
        At p = At.get();
        boolean f = dTable.dataType() == DataType.FLOAT;
        for (int i = 0; i < ids.length; i++) {
            if (f) cblas_saxpy(c, 1f, p.f0.at(dOut, (long) i * c), 1, p.f1.at(dTable, (long) ids[i] * c), 1);
            else cblas_daxpy(c, 1.0, p.d0.at(dOut, (long) i * c), 1, p.d1.at(dTable, (long) ids[i] * c), 1);
        }
    }

    private static void check(INDArray table, INDArray rows, int[] ids) {
        DataType t = table.dataType();
        if (rows.dataType() != t || (t != DataType.FLOAT && t != DataType.DOUBLE) || !Blas.isDense(table) || !Blas.isDense(rows)
                || table.rank() != 2 || rows.rank() != 2 || table.columns() != rows.columns() || rows.rows() != ids.length) {
            throw new IllegalArgumentException("rows: need dense (V, C) and (N, C) arrays of one type (float32 or float64) and N ids, got "
                    + table.dataType() + " " + Blas.str(table.shape()) + ", " + rows.dataType() + " " + Blas.str(rows.shape())
                    + " and " + ids.length + " ids");
        }
        for (int id : ids) {
            if (id < 0 || id >= table.rows()) throw new IndexOutOfBoundsException("rows: id " + id + " outside 0.." + (table.rows() - 1));
        }
    }
}
