package org.residuallab.nn.fast;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pointers to one element of an array, for BLAS calls on a matrix that lies inside a bigger array
 * (a head inside qkv, a row of an embedding table). This thread's, reused: a call allocates nothing.
 */
final class At {
    private static final ThreadLocal<At> MINE = ThreadLocal.withInitial(At::new);
    final F f0 = new F(), f1 = new F(), f2 = new F();
    final D d0 = new D(), d1 = new D(), d2 = new D();

    private At() {}

    static At get() {
        return MINE.get();
    }

    static final class F extends FloatPointer {
        /** x's element {@code element} (row-major, from x's first element). */
        F at(INDArray x, long element) {
            address = Blas.address(x) + element * Float.BYTES;
            return this;
        }

        /** x's element {@code element} whatever x's type: for memcpy, which counts bytes. */
        F element(INDArray x, long element) {
            address = Blas.address(x) + element * x.data().getElementSize();
            return this;
        }
    }

    static final class D extends DoublePointer {
        D at(INDArray x, long element) {
            address = Blas.address(x) + element * Double.BYTES;
            return this;
        }
    }
}
