package org.wsnn.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class SymmetryDatasetTest {

    private static List<SignalGroup> groups() {
        return List.of(SignalGroup.cyclicShifts(12), SignalGroup.cyclicShifts(12).firstHalf(),
                SignalGroup.c4Rotations(7), SignalGroup.rotations(8, 7), SignalGroup.voxelC4xC4(),
                SignalGroup.cubeRotations());
    }

    @Test
    void groundTruthMapsCanonicalSignalsToSamplesExactly() {
        for (SignalGroup group : groups()) {
            SymmetryDataset ds = SymmetryDatasetGenerator.builder(group).numSamples(500).noiseStd(0).seed(3).generate();
            double[][] bases = ds.baseSignals();
            double[][] samples = ds.samples();
            double[][][] truth = ds.groundTruthArray();
            int[] b = ds.baseIndex();
            int[] g = ds.elementIndex();
            for (int n = 0; n < samples.length; n++) {
                double[][] p = truth[g[n]];
                for (int i = 0; i < p.length; i++) {
                    double v = 0;
                    for (int j = 0; j < p.length; j++) {
                        v += p[i][j] * bases[b[n]][j];
                    }
                    assertEquals(v, samples[n][i], 1e-12, group.name() + ": sample " + n + " entry " + i
                            + " = (P_g s_b)_i");
                }
            }
            assertArrayEquals(new long[] {group.size(), group.dimension(), group.dimension()}, ds.groundTruth().shape(),
                    group.name() + ": ground truth [G, d, d]");
            int[] used = Arrays.stream(g).distinct().sorted().toArray();
            assertEquals(group.size(), used.length, group.name() + ": every listed element is used (500 samples)");
        }
    }

    @Test
    void noiseHasTheRequestedStandardDeviation() {
        SymmetryDataset ds = SymmetryTasks.shifts1d(LabelMode.EQUIVARIANT, false, 1);
        double[][] bases = ds.baseSignals();
        double[][] samples = ds.samples();
        double sum2 = 0;
        int count = 0;
        for (int n = 0; n < ds.size(); n++) {
            double[] clean = ds.group().apply(ds.elementIndex()[n], bases[ds.baseIndex()[n]]);
            for (int i = 0; i < clean.length; i++) {
                double r = samples[n][i] - clean[i];
                sum2 += r * r;
                count++;
            }
        }
        double std = Math.sqrt(sum2 / count);
        assertEquals(0.05, std, 0.002, "shifts1d preset: residual standard deviation");
        assertEquals(4000, ds.size(), "shifts1d preset: samples");
        assertEquals(16, ds.baseSignals().length, "shifts1d preset: base signals");
    }

    @Test
    void labelsFollowTheMode() {
        SymmetryDataset eq = SymmetryTasks.shifts1d(LabelMode.EQUIVARIANT, true, 2);
        assertEquals(16 * 6, eq.numClasses(), "equivariant, partial shifts: classes = 16 x 6");
        int[] label = eq.labelIndex();
        for (int n = 0; n < 50; n++) {
            assertEquals(eq.baseIndex()[n] * 6 + eq.elementIndex()[n], label[n], "equivariant label of sample " + n);
        }
        SymmetryDataset inv = SymmetryTasks.shifts1d(LabelMode.INVARIANT, false, 2);
        assertEquals(16, inv.numClasses(), "invariant: classes = 16");
        assertArrayEquals(inv.baseIndex(), inv.labelIndex(), "invariant: label = base signal");
        INDArray oneHot = inv.labels();
        assertArrayEquals(new long[] {4000, 16}, oneHot.shape(), "invariant: one-hot shape");
        assertEquals(inv.baseIndex()[7], oneHot.getRow(7).argMax().getInt(0), "invariant: one-hot row 7");
    }

    @Test
    void sameSeedSameDataDifferentSeedDifferent() {
        SymmetryDataset a = SymmetryTasks.voxelsCube(LabelMode.EQUIVARIANT, 9);
        SymmetryDataset b = SymmetryTasks.voxelsCube(LabelMode.EQUIVARIANT, 9);
        SymmetryDataset c = SymmetryTasks.voxelsCube(LabelMode.EQUIVARIANT, 10);
        assertTrue(Arrays.deepEquals(a.samples(), b.samples()), "voxelsCube: same seed, same samples");
        assertTrue(!Arrays.deepEquals(a.samples(), c.samples()), "voxelsCube: seeds 9 and 10 differ");
        assertEquals(a.features(false), b.features(false), "voxelsCube: same seed, same features");
    }

    @Test
    void shapedFeaturesAndIterator() {
        SymmetryDataset img = SymmetryTasks.rotations2dC8(LabelMode.INVARIANT, 4);
        assertArrayEquals(new long[] {4000, 1, 7, 7}, img.features(true).shape(), "C8 patterns: [N, 1, 7, 7]");
        SymmetryDataset vox = SymmetryTasks.voxelsC4xC4(LabelMode.EQUIVARIANT, 4);
        assertArrayEquals(new long[] {4000, 1, 3, 3, 3}, vox.features(true).shape(), "voxels: [N, 1, 3, 3, 3]");
        assertArrayEquals(new long[] {4000, 27}, vox.features(false).shape(), "voxels flat: [N, 27]");
        double[][] bases = img.baseSignals();
        for (double[] s : bases) {
            assertEquals(0.0, s[0], "C8 patterns: corner outside the disk support is 0");
        }
        DataSetIterator it = SymmetryTasks.rotations2dC4(LabelMode.EQUIVARIANT, 4).iterator(1000, true);
        int batches = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            assertArrayEquals(new long[] {1000, 64}, ds.getLabels().shape(), "C4 iterator: labels 16 x 4 classes");
            batches++;
        }
        assertEquals(4, batches, "C4 iterator: 4000 / 1000 batches");
    }

    @Test
    void badGeneratorSettings() {
        SignalGroup g = SignalGroup.cyclicShifts(4);
        assertMessage(() -> SymmetryDatasetGenerator.builder(g).numSamples(0), "numSamples >= 1", "found 0");
        assertMessage(() -> SymmetryDatasetGenerator.builder(g).numBaseSignals(-2), "numBaseSignals >= 1", "found -2");
        assertMessage(() -> SymmetryDatasetGenerator.builder(g).noiseStd(-1), "noiseStd >= 0", "found -1.0");
        assertMessage(() -> SymmetryDatasetGenerator.builder(null), "SignalGroup", "null");
        assertMessage(() -> SymmetryTasks.shifts1d(LabelMode.INVARIANT, false, 0).iterator(0, false), "batchSize > 0",
                "found 0");
    }

    private static void assertMessage(Runnable r, String expected, String found) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run,
                "expected rejection: " + expected);
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(found),
                "message for " + expected + ": " + e.getMessage());
    }
}
