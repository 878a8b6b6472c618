package org.wsnn.onnx;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.preprocessor.Cnn3DToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.GroupFeatureConvolution;
import org.wsnn.layers.export.WeightSharingExport;
import org.wsnn.onnx.proto.OnnxProto.ModelProto;
import org.wsnn.onnx.proto.OnnxProto.OperatorSetIdProto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a trained {@link ComputationGraph} — a zoo model or a user graph built from wsnn layers and
 * the stock DL4J layers {@link LayerOps} lists — to a standard ONNX model (opset {@value #OPSET}, IR
 * version {@value #IR_VERSION}, float32) that ONNX Runtime and other ONNX servers run without wsnn or DL4J.
 *
 * <p>Learned weight-sharing layers are first materialised ({@link WeightSharingExport}: the filters
 * K = R·W computed once), so the file holds plain convolutions. The graph's single input {@code input} has
 * the network's own input shape with a symbolic batch {@code N} (e.g. {@code [N, 1, 28, 28]}), its output
 * {@code output} the network's output ({@code [N, classes]}, softmax probabilities for the zoo). When the
 * model's input normaliser is given (DL4J's {@code NormalizerStandardize} or {@code NormalizerMinMaxScaler},
 * as {@code wsnn train} stores it in the model zip), it becomes the graph's first nodes, so the ONNX model
 * takes the pixels the wsnn iterators emit ([0, 1]) and needs no constants by hand.
 *
 * <pre>{@code
 * ComputationGraph net = ModelSerializer.restoreComputationGraph(file, false);
 * Normalizer<?> norm = ModelSerializer.restoreNormalizerFromFile(file);
 * OnnxExport.write(OnnxExport.export(net, norm), Path.of("model.onnx"));
 * }</pre>
 *
 * <p>Protobuf classes: generated at build time from the official {@code onnx.proto} (onnx 1.12, in
 * {@code src/main/proto}) with protoc and protobuf-java from Maven Central, under a package of wsnn's own;
 * DL4J's ONNX import module carries generated classes too, but pulls the SameDiff import stack and Kotlin.
 */
public final class OnnxExport {

    /** The operator set the export writes (supported by ONNX Runtime ≥ 1.12). */
    public static final int OPSET = 17;
    /** ONNX IR version of onnx 1.12. */
    public static final int IR_VERSION = 8;
    /** Name of the graph input. */
    public static final String INPUT = "input";
    /** Name of the graph output. */
    public static final String OUTPUT = "output";

    private OnnxExport() {
    }

    /**
     * Exports a network with one input and one output.
     *
     * @param net        the trained network (not modified)
     * @param normalizer the model's input normaliser, or null when the ONNX model is to take normalised input
     * @return the ONNX model
     * @throws UnsupportedLayerException naming the first vertex ONNX export cannot express
     */
    public static ModelProto export(ComputationGraph net, Normalizer<?> normalizer) {
        requireSupportedVertices(net.getConfiguration());
        return export(net, normalizer, inputShapeOf(net.getConfiguration()));
    }

    /**
     * Exports a network with one input and one output, of an explicit input shape (DL4J does not keep a
     * graph's input types in its configuration; {@link #export(ComputationGraph, Normalizer)} reads the shape
     * off a first wsnn convolution).
     *
     * @param inputShape the input's shape without the batch axis, e.g. {@code 1, 28, 28}
     */
    public static ModelProto export(ComputationGraph net, Normalizer<?> normalizer, long... inputShape) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new UnsupportedLayerException(String.join(",", conf.getNetworkInputs()), "a graph with "
                    + conf.getNetworkInputs().size() + " inputs and " + conf.getNetworkOutputs().size() + " outputs",
                    "one input and one output");
        }
        requireSupportedVertices(conf);
        ComputationGraph plain = WeightSharingExport.export(net);
        String inputName = conf.getNetworkInputs().get(0);
        long[] batchOne = new long[inputShape.length + 1];
        batchOne[0] = 1;
        System.arraycopy(inputShape, 0, batchOne, 1, inputShape.length);
        Map<String, INDArray> activations;
        try {
            activations = plain.feedForward(new INDArray[]{Nd4j.zeros(plain.params().dataType(), batchOne)}, false);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot export to ONNX: the network does not take input of shape "
                    + Arrays.toString(inputShape) + " (" + e.getMessage() + ")", e);
        }

        OnnxGraph g = new OnnxGraph("wsnn");
        g.input(INPUT, inputShape);
        Map<String, String> tensors = new HashMap<>();
        tensors.put(inputName, InputNormalization.apply(g, normalizer, INPUT, batchOne));
        for (int index : plain.topologicalSortOrder()) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex v = plain.getVertices()[index];
            String name = v.getVertexName();
            if (v.isInputVertex()) {
                continue;
            }
            List<String> inputs = conf.getVertexInputs().get(name);
            String[] in = inputs.stream().map(tensors::get).toArray(String[]::new);
            GraphVertex vc = plain.getConfiguration().getVertices().get(name);
            long[] outShape = activations.get(name).shape();
            String out;
            if (vc instanceof LayerVertex lv) {
                String x = in[0];
                INDArray xAct = activations.get(inputs.get(0));
                if (lv.getPreProcessor() != null) {
                    x = preprocess(g, lv.getPreProcessor(), name, x);
                    xAct = lv.getPreProcessor().preProcess(xAct.dup(), 1, LayerWorkspaceMgr.noWorkspaces());
                }
                out = LayerOps.translate(g, v.getLayer(), name, x, xAct.shape(), outShape);
            } else if (vc instanceof ElementWiseVertex e) {
                out = g.node(switch (e.getOp()) {
                    case Add -> "Sum";
                    case Product -> "Mul";
                    case Average -> "Mean";
                    case Max -> "Max";
                    case Subtract -> "Sub";
                }, name, in);
            } else {
                out = g.node("Concat", name, in, OnnxGraph.integer("axis", 1));
            }
            tensors.put(name, out);
        }
        String last = tensors.get(conf.getNetworkOutputs().get(0));
        String output = g.node("Identity", OUTPUT, last);
        long[] outShape = activations.get(conf.getNetworkOutputs().get(0)).shape();
        g.output(output, Arrays.copyOfRange(outShape, 1, outShape.length));
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("wsnn")
                .setProducerVersion(version()).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("")
                        .setVersion(OPSET)).setGraph(g.build()).build();
    }

    /** Writes a model as a binary protobuf file (the {@code .onnx} format). */
    public static void write(ModelProto model, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    /**
     * Refuses, before anything is computed, a graph holding a vertex the export cannot translate, naming
     * the first one.
     */
    static void requireSupportedVertices(ComputationGraphConfiguration conf) {
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            GraphVertex v = e.getValue();
            if (v instanceof LayerVertex lv) {
                LayerOps.requireSupported(e.getKey(), lv.getLayerConf().getLayer());
                InputPreProcessor p = lv.getPreProcessor();
                if (p != null && !(p instanceof CnnToFeedForwardPreProcessor)
                        && !(p instanceof Cnn3DToFeedForwardPreProcessor)) {
                    throw new UnsupportedLayerException(e.getKey(), "input preprocessor "
                            + p.getClass().getSimpleName(), "none, CnnToFeedForwardPreProcessor or "
                            + "Cnn3DToFeedForwardPreProcessor");
                }
            } else if (v instanceof MergeVertex m) {
                if (m.getMergeAxis() != 1) {
                    throw new UnsupportedLayerException(e.getKey(), "a MergeVertex on axis " + m.getMergeAxis(),
                            "axis 1");
                }
            } else if (!(v instanceof ElementWiseVertex)) {
                throw new UnsupportedLayerException(e.getKey(), "a " + v.getClass().getSimpleName(),
                        "a layer, an ElementWiseVertex or a MergeVertex");
            }
        }
    }

    /** DL4J flattens NCHW / NCDHW activations in C order, as ONNX's {@code Flatten} does. */
    private static String preprocess(OnnxGraph g, InputPreProcessor p, String name, String input) {
        if (p instanceof CnnToFeedForwardPreProcessor cnn
                && cnn.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
            throw new UnsupportedLayerException(name, "a CnnToFeedForwardPreProcessor in " + cnn.getFormat(), "NCHW");
        }
        if (p instanceof Cnn3DToFeedForwardPreProcessor c3 && !c3.isNCDHW()) {
            throw new UnsupportedLayerException(name, "a Cnn3DToFeedForwardPreProcessor in NDHWC", "NCDHW");
        }
        return g.node("Flatten", name + "_flatten", input, OnnxGraph.integer("axis", 1));
    }

    /**
     * The input shape (without batch) of a graph with one input, read off a layer that reads only that input
     * when it is a wsnn convolution on images, which records its input's height and width.
     */
    public static long[] inputShapeOf(ComputationGraphConfiguration conf) {
        String input = conf.getNetworkInputs().get(0);
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            if (conf.getNetworkInputs().size() == 1 && e.getValue().equals(List.of(input))
                    && conf.getVertices().get(e.getKey()) instanceof LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof GroupFeatureConvolution c
                    && c.inputRank() == 4 && c.getInputHeight() > 0 && c.getInputWidth() > 0) {
                return new long[]{c.getNIn(), c.getInputHeight(), c.getInputWidth()};
            }
        }
        throw new UnsupportedLayerException(input, "a graph whose input shape is not recorded (DL4J keeps no input "
                + "types and the first layer is not a wsnn convolution)", "an explicit input shape "
                + "(OnnxExport.export(net, normalizer, channels, height, width); on the command line --input-shape)");
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
