package org.wsnn.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.File;
import java.lang.reflect.Method;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON and ModelSerializer round trips: every config field, outputs, resumed training. */
class SerializationTest {

    /** Every layer type with every option away from its default. */
    private static ComputationGraphConfiguration graphConf() {
        return new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(0.01)).l2(1e-4)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(9, 8, 2))
                .addLayer("lift", new WeightSharingLifting.Builder().nIn(2).nOut(3).kernelSize(3).groupSize(3)
                        .sinkhornIterations(7).fixIdentity(false).convolutionMode(ConvolutionMode.Same).hasBias(false)
                        .representationUpdater(new Sgd(0.3)).normPenalty(0.1).entropyPenalty(0.01).logitScale(3.0)
                        .build(), "in")
                .addLayer("g", new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(3)
                        .sinkhornIterations(9).normPenalty(0.2).build(), "lift")
                .addLayer("flip", new WeightSharingGroupConv.Builder().nOut(2).kernelSize(1).groupSize(2)
                        .fixedGroup(FixedGroup.FLIP).build(), "g2")
                .addLayer("plain", new PlainGroupConvolution.Builder().nOut(2).kernelSize(1).groupSize(2)
                        .inputGroups(2).build(), "flip")
                .addLayer("g2", new WeightSharingGroupConv.Builder().nOut(2).kernelSize(1).groupSize(2)
                        .build(), "liftFlip")
                .addLayer("liftFlip", new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(2)
                        .fixedGroup(FixedGroup.FLIP).build(), "poolA")
                .addLayer("poolA", new GroupPooling.Builder().poolingType(PoolingType.MAX).build(), "g")
                .addLayer("ln", new GroupLayerNorm.Builder().relu(true).epsilon(1e-4).build(), "plain")
                .addLayer("pool", new GroupPooling.Builder().poolingType(PoolingType.AVG).build(), "ln")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).build(), "gap")
                .setOutputs("out").build();
    }

    /** Compares every bean property (getter) of two layer configs. */
    private static void assertSameFields(Layer expected, Layer actual) throws Exception {
        assertEquals(expected.getClass(), actual.getClass(), "layer class");
        for (PropertyDescriptor p : Introspector.getBeanInfo(expected.getClass()).getPropertyDescriptors()) {
            Method getter = p.getReadMethod();
            if (getter == null || getter.getParameterCount() > 0) {
                continue;
            }
            Object a = getter.invoke(expected);
            Object b = getter.invoke(actual);
            assertTrue(Objects.deepEquals(a, b), expected.getClass().getSimpleName() + " '" + expected.getLayerName()
                    + "': field " + p.getName() + " expected " + a + ", found " + b);
        }
        assertEquals(expected, actual, "equals() of " + expected.getLayerName());
    }

    @Test
    void jsonRoundTripKeepsEveryField() throws Exception {
        ComputationGraphConfiguration conf = graphConf();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        for (String name : new String[]{"lift", "g", "flip", "plain", "g2", "liftFlip", "poolA", "ln", "pool"}) {
            Layer a = ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
            Layer b = ((LayerVertex) back.getVertices().get(name)).getLayerConf().getLayer();
            assertSameFields(a, b);
        }
        MultiLayerConfiguration mlc = new NeuralNetConfiguration.Builder().list()
                .layer(new SinkhornLayer.Builder().iterations(4).temperature(0.5).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(3).build())
                .setInputType(InputType.recurrent(3, 3)).build();
        MultiLayerConfiguration mlcBack = MultiLayerConfiguration.fromJson(mlc.toJson());
        assertSameFields(mlc.getConf(0).getLayer(), mlcBack.getConf(0).getLayer());
        assertEquals(mlc, mlcBack, "MultiLayerConfiguration equality after JSON");
    }

    @Test
    void modelSerializerRoundTripResumesTraining(@TempDir File dir) throws Exception {
        ComputationGraph net = new ComputationGraph(graphConf());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 9, 8);
        INDArray y = Nd4j.create(new float[][]{{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        for (int i = 0; i < 2; i++) {
            net.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        File file = new File(dir, "model.zip");
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(net.getConfiguration().toJson(), restored.getConfiguration().toJson(), "configuration JSON");
        assertEquals(net.params(), restored.params(), "parameters");
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray(), "updater state");
        assertEquals(net.outputSingle(x), restored.outputSingle(x), "outputs");
        net.fit(new INDArray[]{x}, new INDArray[]{y});
        restored.fit(new INDArray[]{x}, new INDArray[]{y});
        double diff = net.params().sub(restored.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-6, "one more step after restoring must give the same parameters, max difference " + diff);
        assertEquals(net.score(), restored.score(), 1e-5, "score after resumed step");
    }

    @Test
    void multiLayerNetworkSerializerRoundTrip(@TempDir File dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.01)).list()
                .layer(new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(4).normPenalty(0.1).build())
                .layer(new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(4).fixedGroup(FixedGroup.C4).build())
                .layer(new GroupPooling.Builder().build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(2).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 64);
        INDArray y = Nd4j.create(new float[][]{{1, 0}, {0, 1}, {1, 0}});
        net.fit(x, y);
        File file = new File(dir, "mln.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.output(x), restored.output(x), "outputs after restore");
        net.fit(x, y);
        restored.fit(x, y);
        assertTrue(net.params().sub(restored.params()).amaxNumber().doubleValue() < 1e-6, "resumed training");
    }
}
