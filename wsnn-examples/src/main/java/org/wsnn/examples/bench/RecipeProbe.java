package org.wsnn.examples.bench;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.learning.config.Adam;
import org.wsnn.core.analysis.StackMatch;
import org.wsnn.data.TransformedImageIterator;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.train.report.RepresentationReport;
import org.wsnn.zoo.WSCNN;

import java.io.File;
import java.util.Arrays;

/**
 * A probe of training recipes for symmetry discovery on real images (a research tool behind
 * {@code scripts/recipe-probe.sh}, not a command): trains a 16-channel WSCNN on transformed Fashion-MNIST at
 * batch 64 with the given representation settings and prints, every 100 steps, how close the lifting
 * layer's learned elements are to the C4 rotations (the convex fit of {@link RepresentationReport}), then
 * the test accuracy on 2,000 images.
 *
 * <p>Arguments: {@code logitScale representationLr decayLogits normPenalty entropyPenalty steps seed data
 * [entropyWarmup]}; the paper's recipe is {@code 1 0.01 true 0.1 0 ...}.
 */
public final class RecipeProbe {

    private RecipeProbe() {
    }

    public static void main(String[] a) throws Exception {
        if (a.length < 8) {
            System.err.println("usage: RecipeProbe logitScale representationLr decayLogits normPenalty entropyPenalty "
                    + "steps seed data [entropyWarmup]");
            System.exit(2);
        }
        double scale = Double.parseDouble(a[0]);
        double lrR = Double.parseDouble(a[1]);
        boolean decayR = Boolean.parseBoolean(a[2]);
        double norm = Double.parseDouble(a[3]);
        double ent = Double.parseDouble(a[4]);
        int steps = Integer.parseInt(a[5]);
        long seed = Long.parseLong(a[6]);
        DataChoice data = DataChoice.parse(a[7]);
        int entWarm = a.length > 8 ? Integer.parseInt(a[8]) : 0;
        File dir = new File(System.getProperty("wsnn.data", "/usr/share/datasets/fashion-mnist"));
        ComputationGraphConfiguration conf = WSCNN.builder().channels(16).seed(seed)
                .representationUpdater(new Adam(lrR)).normPenalty(norm).entropyPenalty(ent).build().conf();
        for (var v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof WeightSharingConvolution ws) {
                ws.getRepresentation().setLogitScale(scale);
                ws.getRepresentation().setRegularizeRepresentations(decayR);
                ws.getRepresentation().setEntropyWarmup(entWarm);
            }
        }
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        TransformedImageIterator it = data.iterator(dir, true, -1, 64, seed);
        long start = System.nanoTime();
        for (int s = 1; s <= steps; s++) {
            if (!it.hasNext()) {
                it.reset();
            }
            net.fit(it.next());
            if (s % 100 == 0 || s == steps) {
                RepresentationReport.Layer lift = RepresentationReport.of(net, RepresentationReport.Truth.C4).layers()
                        .stream().filter(RepresentationReport.Layer::lifting).findFirst().orElseThrow();
                StackMatch m = lift.fit(RepresentationReport.Truth.C4).match();
                System.out.printf("step %d %.0fs score %.3f lift C4 matched %d/%d mean %.3f best %s coefficients %s%n",
                        s, (System.nanoTime() - start) / 1e9, net.score(), m.matched(), m.elements(),
                        m.meanCoefficient(), Arrays.toString(m.best()), Arrays.toString(Arrays.stream(m.coefficient())
                                .map(c -> Math.round(c * 1000) / 1000.0).toArray()));
            }
        }
        Evaluation e = net.evaluate(data.iterator(dir, false, 2000, 200, seed));
        System.out.printf("test accuracy %.4f%n", e.accuracy());
    }
}
