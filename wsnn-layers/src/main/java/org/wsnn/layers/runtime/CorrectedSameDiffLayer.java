package org.wsnn.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.List;
import java.util.Map;

/**
 * Runtime of every wsnn SameDiff layer: DL4J's {@link SameDiffLayer} with two defects of 1.0.0-M2.1
 * corrected and input validated before it reaches native code.
 *
 * <ol>
 *   <li><b>Gradients are 2× too large</b> in DL4J 1.0.0-M2.1 ({@code ExternalErrorsFunction.doDiff}
 *       registers the gradient placeholder and also returns it, so it is accumulated twice). Parameter
 *       gradients (views into the network's flat gradient) and the epsilon passed down are multiplied by
 *       {@link #GRADIENT_CORRECTION}. The double-precision gradient checks in the test suite are what
 *       notice if a future DL4J fixes the bug (this correction would then halve correct gradients).</li>
 *   <li><b>Regularization is missing from the score</b> ({@code calcRegularizationScore} returns 0 for
 *       SameDiff layers): here it sums {@link Regularization#score} of every parameter's
 *       regularizations, so penalties such as the norm and entropy penalties are part of the score.</li>
 *   <li>The layer configuration's {@code validateInput} runs before the SameDiff graph is built, so a
 *       wrong input shape gives a clear exception instead of a native failure.</li>
 *   <li>The first backward pass keeps SameDiff's debug line "Added differentiated op …" off standard
 *       output ({@link SameDiffDebugLine}).</li>
 * </ol>
 */
public class CorrectedSameDiffLayer extends SameDiffLayer {

    /** Factor that undoes the doubled SameDiff layer gradients of DL4J 1.0.0-M2.1. */
    public static final double GRADIENT_CORRECTION = 0.5;

    /** Whether a backward pass has run, i.e. SameDiff has built (and announced) the gradient function. */
    private boolean gradientFunctionBuilt;

    public CorrectedSameDiffLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        sameDiffConf().validateInput(input);
        return super.activate(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> result = gradientFunctionBuilt ? super.backpropGradient(epsilon, workspaceMgr)
                : SameDiffDebugLine.suppressedDuring(() -> super.backpropGradient(epsilon, workspaceMgr));
        gradientFunctionBuilt = true;
        for (INDArray gradient : result.getFirst().gradientForVariable().values()) {
            gradient.muli(GRADIENT_CORRECTION);
        }
        result.getSecond().muli(GRADIENT_CORRECTION);
        return result;
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        double score = 0;
        Map<String, INDArray> params = paramTable();
        if (params == null) {
            return 0;
        }
        for (Map.Entry<String, INDArray> entry : params.entrySet()) {
            List<Regularization> regularizations = layerConf().getRegularizationByParam(entry.getKey());
            if (regularizations == null) {
                continue;
            }
            for (Regularization r : regularizations) {
                score += r.score(entry.getValue(), getIterationCount(), getEpochCount());
            }
        }
        return score;
    }

    private org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer sameDiffConf() {
        return (org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer) layerConf();
    }
}
