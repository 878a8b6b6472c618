package org.wsnn.layers.params;

import lombok.EqualsAndHashCode;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's default initialisation of {@code Conv2d} and {@code Linear} weights (Kaiming-uniform with
 * a = √5): W ~ U(−1/√fanIn, 1/√fanIn). The default of the wsnn layers with weights, as in the paper's
 * code; a {@code weightInit(...)} on the layer builder replaces it. Drawn from ND4J's random generator,
 * which DL4J seeds from the network configuration's seed.
 */
@EqualsAndHashCode
public class UniformFanInInit implements IWeightInit {

    private static final long serialVersionUID = 1L;

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        double bound = 1.0 / Math.sqrt(fanIn);
        INDArray view = paramView.reshape(order, shape);
        view.assign(Nd4j.rand(paramView.dataType(), shape).muli(2 * bound).subi(bound));
        return view;
    }

    @Override
    public String toString() {
        return "UniformFanInInit(U(-1/sqrt(fanIn), 1/sqrt(fanIn)))";
    }
}
