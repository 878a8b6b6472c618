package org.wsnn.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.data.ImageTask;
import org.wsnn.onnx.proto.OnnxProto.ModelProto;
import org.wsnn.zoo.CNN;
import org.wsnn.zoo.GCNN;
import org.wsnn.zoo.WSCNN;
import org.wsnn.zoo.WSResNet;

import java.nio.FloatBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported ONNX file, run in ONNX Runtime for Java, gives the DL4J network's outputs (max |difference|
 * ≤ 1e-4 on random inputs, batch 3 against a graph declared with a symbolic batch) for the zoo's WSCNN
 * (learned stacks), GCNN (fixed C4), CNN and WSResNet (group batch norm with trained running statistics,
 * the 1×1×1 shortcut, 3-D max pooling, dense, dropout), and for a user graph of stock DL4J layers (strided
 * "same" convolution, max pooling, batch norm, the flattening preprocessor, tanh dense). With the model's
 * normaliser folded in, the ONNX model takes raw pixels. Unsupported layers are refused by name.
 */
class OnnxExportTest {

    private static OrtEnvironment env;

    @BeforeAll
    static void ort() {
        env = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void close() {
        // the environment is a process-wide singleton; sessions are closed per test
    }

    private static float[][] runOnnx(ModelProto model, INDArray x) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toByteArray(), options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.castTo(DataType.FLOAT).dup('c')
                         .data().asFloat()), x.shape());
                 OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
                return (float[][]) result.get(0).getValue();
            }
        }
    }

    private static double maxDifference(float[][] onnx, INDArray dl4j) {
        assertEquals(dl4j.rows(), onnx.length, "batch");
        double max = 0;
        for (int i = 0; i < onnx.length; i++) {
            assertEquals(dl4j.columns(), onnx[i].length, "outputs per example");
            for (int j = 0; j < onnx[i].length; j++) {
                max = Math.max(max, Math.abs(onnx[i][j] - dl4j.getDouble(i, j)));
            }
        }
        return max;
    }

    private static void assertOnnxMatches(String what, ComputationGraph net, long... shape) throws OrtException {
        ModelProto model = OnnxExport.export(net, null);
        long[] batch = new long[shape.length + 1];
        batch[0] = 3;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch).muli(2).subi(1);
        INDArray expected = net.outputSingle(false, x);
        double diff = maxDifference(runOnnx(model, x), expected);
        assertTrue(diff <= 1e-4, what + ": ONNX Runtime and DL4J differ by " + diff);
        // a negative control: another input gives other outputs, so the comparison can fail
        assertTrue(maxDifference(runOnnx(model, x.neg()), expected) > 1e-3, what + ": output does not depend on input");
    }

    @Test
    void wscnnWithLearnedStacks() throws OrtException {
        ComputationGraph net = WSCNN.builder().channels(4).seed(3).build().init();
        assertOnnxMatches("WSCNN", net, 1, 28, 28);
    }

    @Test
    void gcnnWithFixedC4() throws OrtException {
        assertOnnxMatches("GCNN", GCNN.builder().channels(4).seed(4).build().init(), 1, 28, 28);
    }

    @Test
    void plainCnn() throws OrtException {
        assertOnnxMatches("CNN", CNN.builder().channels(4).seed(5).build().init(), 1, 28, 28);
    }

    @Test
    void wsResNetWithTrainedBatchNormStatistics() throws OrtException {
        ComputationGraph net = WSResNet.builder().channels(2).hidden(8).seed(6).build().init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 10, 1);
        }
        net.fit(new DataSet(x, y));   // moves the running statistics off their initial 0 / 1
        assertOnnxMatches("WSResNet", net, 3, 32, 32);
    }

    @Test
    void userGraphOfStockLayers() throws OrtException {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(12, 12, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(5)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                        "bn")
                .addLayer("dense", new DenseLayer.Builder().nOut(7).activation(Activation.TANH).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 2, 12, 12);
        net.fit(new DataSet(x, Nd4j.eye(4).repeat(0, 2).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6))));
        assertThrows(UnsupportedLayerException.class, () -> OnnxExport.export(net, null),
                "no recorded input shape without a wsnn first layer");
        ModelProto model = OnnxExport.export(net, null, 2, 12, 12);
        INDArray probe = Nd4j.rand(DataType.FLOAT, 3, 2, 12, 12);
        double diff = maxDifference(runOnnx(model, probe), net.outputSingle(false, probe));
        assertTrue(diff <= 1e-4, "stock layers: ONNX Runtime and DL4J differ by " + diff);
    }

    @Test
    void theNormaliserIsFoldedInSoTheOnnxModelTakesRawPixels() throws OrtException {
        ComputationGraph net = WSCNN.builder().channels(2).seed(8).build().init();
        NormalizerStandardize norm = ImageTask.ROTATED.normalizer();
        ModelProto model = OnnxExport.export(net, norm);
        INDArray raw = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);
        DataSet normalised = new DataSet(raw.dup(), Nd4j.zeros(DataType.FLOAT, 3, 10));
        norm.preProcess(normalised);
        double diff = maxDifference(runOnnx(model, raw), net.outputSingle(false, normalised.getFeatures()));
        assertTrue(diff <= 1e-4, "raw pixels through the folded normaliser differ by " + diff);
    }

    @Test
    void theFileDeclaresOpset17AFloatInputWithASymbolicBatchAndTheModelsShape() {
        ModelProto model = OnnxExport.export(CNN.builder().channels(2).seed(1).build().init(), null);
        assertEquals(OnnxExport.OPSET, model.getOpsetImport(0).getVersion());
        var dims = model.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        assertEquals("N", dims.get(0).getDimParam());
        assertArrayEquals(new long[]{1, 28, 28}, dims.subList(1, dims.size()).stream()
                .mapToLong(d -> d.getDimValue()).toArray());
        assertEquals(OnnxExport.OUTPUT, model.getGraph().getOutput(0).getName());
    }

    @Test
    void anUnsupportedLayerIsRefusedByName() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(2).build(), "in")
                .addLayer("lrn", new LocalResponseNormalization.Builder().build(), "conv")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "lrn")
                .setOutputs("out").build());
        net.init();
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                () -> OnnxExport.export(net, null, 1, 8, 8));
        assertTrue(e.getMessage().contains("'lrn'") && e.getMessage().contains("LocalResponseNormalization"),
                e.getMessage());
    }
}
