package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The runtime of {@link org.wsnn.layers.WeightSharingDense}: a {@link WeightSharingDenseLayer} named like
 * its configuration, as DL4J names its own runtimes, so that {@code summary()} shows the layer's kind.
 */
public class WeightSharingDense extends WeightSharingDenseLayer {

    public WeightSharingDense(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }
}
