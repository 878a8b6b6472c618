package org.wsnn.layers.kernel;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.FixedGroup;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.WeightSharingGroupConv;
import org.wsnn.layers.WeightSharingLifting;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filters and weight gradients from a fixed stack's nonzeros equal the dense construction. */
class SparseStackTest {

    @Test
    void equalsTheDenseProductForEveryFixedGroupLiftingAndGroupLayers() {
        for (FixedGroup group : new FixedGroup[]{FixedGroup.C4, FixedGroup.FLIP, FixedGroup.C8}) {
            for (boolean lifting : new boolean[]{true, false}) {
                WeightSharingConvolution conf = lifting
                        ? new WeightSharingLifting.Builder().nIn(2).nOut(3).kernelSize(3).groupSize(group.order())
                        .fixedGroup(group).build()
                        : new WeightSharingGroupConv.Builder().nIn(2).nOut(3).kernelSize(3).groupSize(group.order())
                        .fixedGroup(group).build();
                int d = conf.tapDimension();
                INDArray w = Nd4j.randn(DataType.DOUBLE, 3 * 2 * d).reshape(conf.parameterShapes().get(WeightSharingConvolution.WEIGHT_KEY));
                INDArray stack = conf.assembleStack(null, DataType.DOUBLE);
                SparseStack sparse = group.sparseStack(3, conf.inputGroupSize());
                String name = group + (lifting ? " lifting" : " group conv");

                INDArray dense = StackKernel.materialize(conf.kernelShape(), w, stack);
                INDArray fromSparse = sparse.filters(w, 3, 2).reshape(dense.shape());
                assertTrue(dense.sub(fromSparse).amaxNumber().doubleValue() < 1e-12, name + " filters");

                INDArray gradK = Nd4j.randn(DataType.DOUBLE, dense.shape());
                INDArray denseGradW = StackKernel.backward(conf.kernelShape(), gradK, w, stack)[0];
                INDArray sparseGradW = sparse.weightGradient(gradK, 3, 2).reshape(w.shape());
                assertTrue(denseGradW.sub(sparseGradW).amaxNumber().doubleValue() < 1e-12, name + " weight gradient");
            }
        }
    }
}
