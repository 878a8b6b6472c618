package org.wsnn.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Equality with DL4J's own convolution, output shapes, inspection and export. */
class ReferenceEqualityTest {

    @Test
    void groupSizeOneEqualsConvolutionLayer() {
        for (ConvolutionMode mode : new ConvolutionMode[]{ConvolutionMode.Truncate, ConvolutionMode.Same}) {
            MultiLayerNetwork ws = TestNets.stack(InputType.convolutional(7, 9, 3), DataType.DOUBLE,
                    new WeightSharingLifting.Builder().nOut(4).kernelSize(3).groupSize(1).convolutionMode(mode).build());
            MultiLayerNetwork dl4j = TestNets.stack(InputType.convolutional(7, 9, 3), DataType.DOUBLE,
                    new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(mode).activation(Activation.IDENTITY).build());
            assertEquals(dl4j.numParams(), ws.numParams(), mode + ": groupSize 1 with fixed identity has only W and b");
            ws.getLayer(0).getParam("b").assign(Nd4j.randn(DataType.DOUBLE, 1, 4));
            dl4j.getLayer(0).getParam("W").assign(ws.getLayer(0).getParam("W"));
            dl4j.getLayer(0).getParam("b").assign(ws.getLayer(0).getParam("b"));
            INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 7, 9);
            INDArray expected = dl4j.output(x);
            INDArray actual = ws.output(x);
            assertArrayEquals(new long[]{2, 4, 1, expected.size(2), expected.size(3)}, actual.shape(), mode + ": shape");
            double diff = actual.reshape(expected.shape()).sub(expected).amaxNumber().doubleValue();
            assertTrue(diff < 1e-12, mode + ": differs from ConvolutionLayer by " + diff);
        }
    }

    @Test
    void outputTypeAgreesWithForwardPassOnNonSquareInput() {
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional(10, 7, 2), DataType.FLOAT,
                new WeightSharingLifting.Builder().nOut(3).kernelSize(3).groupSize(3).build(),
                new WeightSharingGroupConv.Builder().nOut(2).kernelSize(5).groupSize(3).build(),
                new WeightSharingGroupConv.Builder().nOut(4).kernelSize(3).groupSize(3).convolutionMode(ConvolutionMode.Same).build(),
                new GroupPooling.Builder().build());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 10, 7);
        List<INDArray> acts = net.feedForward(x, false);
        InputType type = InputType.convolutional(10, 7, 2);
        for (int i = 0; i < net.getnLayers(); i++) {
            type = net.getLayerWiseConfigurations().getConf(i).getLayer().getOutputType(i, type);
            long[] declared = type.getShape(true);
            declared[0] = 2;
            assertArrayEquals(declared, acts.get(i + 1).shape(), "layer " + i + ": getOutputType " + type
                    + " vs forward shape");
        }
    }

    private static ComputationGraph trainedGraph() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(0.05))
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(9, 8, 1))
                .addLayer("lift", new WeightSharingLifting.Builder().nOut(3).kernelSize(3).groupSize(3).build(), "in")
                .addLayer("g", new WeightSharingGroupConv.Builder().nOut(3).kernelSize(3).groupSize(3)
                        .convolutionMode(ConvolutionMode.Same).build(), "lift")
                .addLayer("g3", new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(3)
                        .fixIdentity(false).build(), "g")
                .addLayer("pool", new GroupPooling.Builder().build(), "g3")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).build(), "gap")
                .setOutputs("out").build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 9, 8);
        INDArray y = Nd4j.zeros(4, 2);
        y.putScalar(0, 0, 1);
        y.putScalar(1, 1, 1);
        y.putScalar(2, 0, 1);
        y.putScalar(3, 1, 1);
        for (int i = 0; i < 3; i++) {
            net.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        return net;
    }

    @Test
    void inspectionReturnsStacksWithIdentity() {
        ComputationGraph net = trainedGraph();
        List<LayerStacks> stacks = WeightSharingInspector.inspect(net);
        assertEquals(3, stacks.size(), "three weight-sharing layers");
        LayerStacks lift = stacks.get(0);
        assertEquals("lift", lift.layerName());
        assertArrayEquals(new long[]{3, 9, 9}, lift.representationStack().shape(), "lifting stack [G, k², k²]");
        assertEquals(0.0, lift.representationStack().slice(0).sub(Nd4j.eye(9).castTo(DataType.FLOAT)).amaxNumber().doubleValue(),
                1e-7, "element 0 is the identity");
        assertArrayEquals(new long[]{9, 1, 3, 3}, lift.kernelStack().shape(), "lifting kernels [nOut·G, nIn, k, k]");
        assertArrayEquals(new long[]{3, 27, 27}, stacks.get(2).representationStack().shape(), "no fixed identity: G learned");
        INDArray colSums = stacks.get(1).representationStack().sum(1);
        assertEquals(0.0, colSums.sub(1).amaxNumber().doubleValue(), 1e-5, "columns of the stack sum to 1");
    }

    @Test
    void exportGivesSameOutputs() {
        ComputationGraph net = trainedGraph();
        ComputationGraph exported = WeightSharingExport.export(net);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 9, 8);
        INDArray expected = net.outputSingle(x);
        INDArray actual = exported.outputSingle(x);
        assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 1e-5, "exported graph output differs: "
                + expected + " vs " + actual);
        assertFalse(exported.getLayer("lift").conf().getLayer() instanceof WeightSharingConvolution,
                "the exported graph has no weight-sharing layers");
        assertTrue(exported.getLayer("g").conf().getLayer() instanceof PlainGroupConvolution, "plain convolution");

        MultiLayerNetwork mln = TestNets.stack(InputType.convolutional(9, 9, 2), DataType.DOUBLE,
                new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(4).fixedGroup(FixedGroup.C4).build(),
                new WeightSharingGroupConv.Builder().nOut(2).kernelSize(3).groupSize(4).build(),
                new GroupPooling.Builder().build());
        INDArray xm = Nd4j.randn(DataType.DOUBLE, 2, 2, 9, 9);
        double diff = mln.output(xm).sub(WeightSharingExport.export(mln).output(xm)).amaxNumber().doubleValue();
        assertTrue(diff < 1e-12, "exported MultiLayerNetwork differs by " + diff);
    }

    @Test
    void layerNormMatchesItsDefinition() {
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional3D(
                        org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat.NCDHW, 4, 5, 6, 3),
                DataType.DOUBLE, new GroupLayerNorm.Builder().build());
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 4, 5, 6).muli(3).addi(1);
        INDArray y = net.output(x);
        for (int b = 0; b < 2; b++) {
            INDArray xb = x.slice(b);
            double mean = xb.meanNumber().doubleValue();
            double var = xb.sub(mean).muli(xb.sub(mean)).meanNumber().doubleValue();
            INDArray expected = xb.sub(mean).divi(Math.sqrt(var + GroupLayerNorm.DEFAULT_EPSILON));
            assertTrue(expected.sub(y.slice(b)).amaxNumber().doubleValue() < 1e-10, "layer norm of example " + b);
        }
        MultiLayerNetwork relu = TestNets.stack(InputType.convolutional(5, 6, 3), DataType.DOUBLE,
                new GroupLayerNorm.Builder().relu(true).build());
        INDArray r = relu.output(x.slice(0).reshape(4, 3, 5, 6));
        assertTrue(r.minNumber().doubleValue() >= 0, "ReLU after normalising");
    }

    @Test
    void backpropAfterAnInferenceForwardPassRebuildsTheTrainablePass() {
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional(7, 7, 1), DataType.DOUBLE,
                new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(3).build());
        net.initGradientsView();
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(0);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 1, 7, 7);
        layer.setInput(x, mgr);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, layer.activate(true, mgr).shape());
        INDArray expectedIn = layer.backpropGradient(eps, mgr).getSecond().dup();
        INDArray expectedR = layer.getGradientsViewArray().dup();
        layer.activate(false, mgr); // inference: keeps the filters only
        INDArray gotIn = layer.backpropGradient(eps, mgr).getSecond();
        assertEquals(expectedIn, gotIn, "input gradient after an inference forward pass");
        assertEquals(expectedR, layer.getGradientsViewArray(), "parameter gradients after an inference forward pass");
    }

    @Test
    void inferenceRebuildsFiltersWhenParametersChange() {
        MultiLayerNetwork net = TestNets.stack(InputType.convolutional(7, 7, 1), DataType.DOUBLE,
                new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(3).build());
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 1, 7, 7);
        INDArray first = net.output(x);
        assertEquals(first, net.output(x), "same parameters, same output");
        net.getLayer(0).getParam("R").muli(5);
        INDArray changed = net.output(x);
        assertTrue(first.sub(changed).amaxNumber().doubleValue() > 1e-6, "changing R in place must change the output");
        MultiLayerNetwork fresh = TestNets.stack(InputType.convolutional(7, 7, 1), DataType.DOUBLE,
                new WeightSharingLifting.Builder().nOut(2).kernelSize(3).groupSize(3).build());
        fresh.setParams(net.params());
        assertEquals(fresh.output(x), changed, "output after the change equals a fresh network with the same parameters");
    }
}
