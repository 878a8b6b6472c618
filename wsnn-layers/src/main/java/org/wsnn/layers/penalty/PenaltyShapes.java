package org.wsnn.layers.penalty;

import org.nd4j.linalg.api.ndarray.INDArray;

/** DL4J passes parameters to a {@code Regularization} as flat views; this restores the stack shape. */
final class PenaltyShapes {

    private PenaltyShapes() {
    }

    /** The logits as {@code [G', d, d]} (a reshaped view or copy; never written to). */
    static INDArray stack(INDArray param, int dimension) {
        long perMatrix = (long) dimension * dimension;
        if (param.length() % perMatrix != 0) {
            throw new IllegalArgumentException("penalty: representation logits of length " + param.length()
                    + " are not a stack of " + dimension + "x" + dimension + " matrices");
        }
        return param.reshape('c', param.length() / perMatrix, dimension, dimension);
    }
}
