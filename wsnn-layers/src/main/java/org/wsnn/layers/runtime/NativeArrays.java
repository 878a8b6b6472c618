package org.wsnn.layers.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.Buffer;

/**
 * Direct access to the native memory of dense FLOAT and DOUBLE arrays, for the runtime's hand-written
 * loops ({@link RowLayerNorm}, {@link org.wsnn.layers.kernel.AxisSwap}): an array qualifies when its elements lie row-major
 * without gaps from its offset, and its offset + length fits NIO's int indexing.
 */
public final class NativeArrays {

    private NativeArrays() {
    }

    /**
     * The native memory of a dense FLOAT or DOUBLE array, indexed from its buffer's start (callers add
     * {@link INDArray#offset()}).
     *
     * @param owner who asks, for the messages
     * @param what  which array, for the messages
     * @throws IllegalArgumentException naming the array when it is not dense, too long or of another type
     */
    public static Buffer buffer(INDArray a, String owner, String what) {
        if (!rowMajorContiguous(a)) {
            throw new IllegalArgumentException(owner + ": " + what + " must be a dense C-ordered array, found order "
                    + a.ordering() + " with strides " + java.util.Arrays.toString(a.stride()));
        }
        if (a.offset() + a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(owner + ": " + what + " must fit NIO indexing (offset + length <= "
                    + Integer.MAX_VALUE + "), found " + (a.offset() + a.length()));
        }
        if (a.dataType() == DataType.FLOAT) {
            return a.data().asNioFloat();
        }
        if (a.dataType() == DataType.DOUBLE) {
            return a.data().asNioDouble();
        }
        throw new IllegalArgumentException(owner + ": " + what + " data type expected FLOAT or DOUBLE, found "
                + a.dataType());
    }

    /** True when {@link #buffer} would accept the array's layout and type (length aside). */
    public static boolean isDense(INDArray a) {
        return rowMajorContiguous(a) && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
    }

    /**
     * True when element (i₀, …, iₙ) sits at offset + Σ iₖ·Πⱼ₍ₖ₎ sizeⱼ (row-major, no gaps); axes of size 1
     * may carry any stride (ND4J gives them non-default ones).
     */
    private static boolean rowMajorContiguous(INDArray a) {
        long expected = 1;
        for (int axis = a.rank() - 1; axis >= 0; axis--) {
            if (a.size(axis) != 1 && a.stride(axis) != expected) {
                return false;
            }
            expected *= a.size(axis);
        }
        return true;
    }
}
