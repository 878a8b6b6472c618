package org.wsnn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.layers.export.WeightSharingExport;
import org.wsnn.layers.inspect.LayerStacks;
import org.wsnn.layers.inspect.WeightSharingInspector;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's ComputationGraph example, verbatim, runs and does what the README says. */
class ReadmeExampleTest {

    @Test
    void readmeExample() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(1).updater(new Adam(1e-2))
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutionalFlat(28, 28, 1))          // MNIST-style flat input works too
                .addLayer("lift", new WeightSharingLifting.Builder()
                        .nOut(32).kernelSize(5).groupSize(4)                     // 4 learned soft permutations
                        .normPenalty(0.1)                                        // the paper's norm regulariser
                        .representationUpdater(new Adam(1e-2))                   // own updater for the logits "R"
                        .build(), "in")
                .addLayer("norm1", new GroupLayerNorm.Builder().relu(true).build(), "lift")
                .addLayer("gconv", new WeightSharingGroupConv.Builder()
                        .nOut(32).kernelSize(5).groupSize(4).normPenalty(0.1).build(), "norm1")
                .addLayer("norm2", new GroupLayerNorm.Builder().relu(true).build(), "gconv")
                .addLayer("pool", new GroupPooling.Builder().poolingType(PoolingType.AVG).build(), "norm2")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(10).build(), "gap")
                .setOutputs("out")
                .build());
        net.init();

        List<LayerStacks> learned = WeightSharingInspector.inspect(net);   // stacks R (identity included) and kernels
        ComputationGraph forInference = WeightSharingExport.export(net);    // plain convolutions, same outputs

        assertEquals(2, learned.size(), "two weight-sharing layers inspected");
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 784);
        assertTrue(net.outputSingle(x).sub(forInference.outputSingle(x)).amaxNumber().doubleValue() < 1e-5,
                "exported network gives the same outputs");
    }
}
