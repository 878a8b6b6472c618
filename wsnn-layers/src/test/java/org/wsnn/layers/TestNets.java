package org.wsnn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

/** Small networks for tests. */
final class TestNets {

    private TestNets() {
    }

    /** A MultiLayerNetwork of the given layers (no output layer: for forward checks). */
    static MultiLayerNetwork stack(InputType inputType, DataType type, Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(type).updater(new NoOp()).list();
        for (Layer l : layers) {
            b.layer(l);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(inputType).build());
        net.init();
        return net;
    }
}
