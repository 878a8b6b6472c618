package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The runtime of {@link org.wsnn.layers.WeightSharingLifting}: a {@link GroupConvolutionLayer} named like its
 * configuration, as DL4J names its own runtimes, so that {@code summary()} shows the layer's kind.
 */
public class WeightSharingLifting extends GroupConvolutionLayer {

    public WeightSharingLifting(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }
}
