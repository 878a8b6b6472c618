package org.wsnn.onnx;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * DL4J activation functions as ONNX operators: identity (no node), ReLU, leaky ReLU ({@code LeakyRelu},
 * α), ELU (α), sigmoid, tanh, softplus, DL4J's hard sigmoid ({@code HardSigmoid}, α = 0.2, β = 0.5) and
 * softmax over the last axis of a {@code [N, K]} input. Others are refused with the layer's name.
 */
final class ActivationOps {

    private ActivationOps() {
    }

    /**
     * Applies an activation.
     *
     * @param layer what the activation belongs to, for the refusal message
     * @param rank  rank of the input (softmax is only taken on {@code [N, K]})
     * @return the name of the activated tensor ({@code input} itself for identity)
     */
    static String apply(OnnxGraph g, IActivation fn, String input, String outputBase, int rank, String layer) {
        if (fn == null || fn instanceof ActivationIdentity) {
            return input;
        }
        if (fn instanceof ActivationReLU relu) {
            if (relu.getMax() != null) {
                throw new UnsupportedLayerException(layer, "a ReLU capped at " + relu.getMax(), "an uncapped ReLU");
            }
            return g.node("Relu", outputBase, input);
        }
        if (fn instanceof ActivationLReLU l) {
            return g.node("LeakyRelu", outputBase, input, OnnxGraph.real("alpha", l.getAlpha()));
        }
        if (fn instanceof ActivationELU e) {
            return g.node("Elu", outputBase, input, OnnxGraph.real("alpha", e.getAlpha()));
        }
        if (fn instanceof ActivationSigmoid) {
            return g.node("Sigmoid", outputBase, input);
        }
        if (fn instanceof ActivationTanH) {
            return g.node("Tanh", outputBase, input);
        }
        if (fn instanceof ActivationSoftPlus) {
            return g.node("Softplus", outputBase, input);
        }
        if (fn instanceof ActivationHardSigmoid) {
            return g.node("HardSigmoid", outputBase, input, OnnxGraph.real("alpha", 0.2), OnnxGraph.real("beta", 0.5));
        }
        if (fn instanceof ActivationSoftmax) {
            if (rank != 2) {
                throw new UnsupportedLayerException(layer, "softmax on a rank-" + rank + " input", "softmax on [N, K]");
            }
            return g.node("Softmax", outputBase, input, OnnxGraph.integer("axis", 1));
        }
        throw new UnsupportedLayerException(layer, "activation " + fn, "identity, relu, leakyrelu, elu, sigmoid, "
                + "tanh, softplus, hardsigmoid or softmax");
    }
}
