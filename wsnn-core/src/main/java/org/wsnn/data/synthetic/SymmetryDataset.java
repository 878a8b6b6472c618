package org.wsnn.data.synthetic;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A generated synthetic data set together with its ground truth: sample n is
 * {@code x_n = P_{g_n} s_{b_n} + ε_n}, ε ~ N(0, σ² I), where s_b are the canonical (base) signals and P_g the
 * matrices of {@link #group()} — exactly the elements that were sampled, no more (for partial symmetry
 * only the sampled subset), with x' = P_g x on row-major flattened signals.
 *
 * <p>Immutable; accessors return copies or fresh arrays.
 */
public final class SymmetryDataset {

    private final SignalGroup group;
    private final LabelMode labelMode;
    private final double noiseStd;
    private final long seed;
    private final double[][] baseSignals;
    private final double[][] samples;
    private final int[] baseIndex;
    private final int[] elementIndex;

    SymmetryDataset(SignalGroup group, LabelMode labelMode, double noiseStd, long seed, double[][] baseSignals,
            double[][] samples, int[] baseIndex, int[] elementIndex) {
        this.group = group;
        this.labelMode = labelMode;
        this.noiseStd = noiseStd;
        this.seed = seed;
        this.baseSignals = baseSignals;
        this.samples = samples;
        this.baseIndex = baseIndex;
        this.elementIndex = elementIndex;
    }

    /** @return the elements used, in label order (element g of the labels is {@code group().matrix(g)}) */
    public SignalGroup group() {
        return group;
    }

    /** @return the ground-truth matrices, float64 {@code INDArray [G, d, d]} */
    public INDArray groundTruth() {
        return group.toINDArray();
    }

    /** @return the ground-truth matrices as {@code double[G][d][d]} */
    public double[][][] groundTruthArray() {
        return group.matrices();
    }

    /** @return the labelling */
    public LabelMode labelMode() {
        return labelMode;
    }

    /** @return σ of the additive noise */
    public double noiseStd() {
        return noiseStd;
    }

    /** @return the seed it was generated from */
    public long seed() {
        return seed;
    }

    /** @return N, the number of samples */
    public int size() {
        return samples.length;
    }

    /** @return number of classes: B (invariant) or B·G (equivariant) */
    public int numClasses() {
        return labelMode == LabelMode.INVARIANT ? baseSignals.length : baseSignals.length * group.size();
    }

    /** @return the canonical signals {@code s_b}, {@code [B][d]} (copy) */
    public double[][] baseSignals() {
        return copy(baseSignals);
    }

    /** @return the noisy samples {@code x_n}, {@code [N][d]} (copy) */
    public double[][] samples() {
        return copy(samples);
    }

    /** @return b_n, the base signal of each sample */
    public int[] baseIndex() {
        return baseIndex.clone();
    }

    /** @return g_n, the element (index into {@link #group()}) applied to each sample */
    public int[] elementIndex() {
        return elementIndex.clone();
    }

    /** @return the class index of each sample (see {@link LabelMode}) */
    public int[] labelIndex() {
        int[] out = new int[samples.length];
        for (int n = 0; n < out.length; n++) {
            out[n] = labelMode == LabelMode.INVARIANT ? baseIndex[n] : baseIndex[n] * group.size()
                    + elementIndex[n];
        }
        return out;
    }

    /**
     * @param shaped {@code false}: features {@code [N, d]}; {@code true}: {@code [N, 1, shape...]} (one channel,
     *               e.g. {@code [N, 1, 7, 7]} for 2D patterns, {@code [N, 1, 3, 3, 3]} for voxels)
     * @return features float32
     */
    public INDArray features(boolean shaped) {
        int d = group.dimension();
        float[] flat = new float[samples.length * d];
        for (int n = 0; n < samples.length; n++) {
            for (int i = 0; i < d; i++) {
                flat[n * d + i] = (float) samples[n][i];
            }
        }
        if (!shaped) {
            return Nd4j.create(flat, new long[] {samples.length, d}, 'c');
        }
        int[] shape = group.shape();
        long[] full = new long[shape.length + 2];
        full[0] = samples.length;
        full[1] = 1;
        for (int i = 0; i < shape.length; i++) {
            full[i + 2] = shape[i];
        }
        return Nd4j.create(flat, full, 'c');
    }

    /** @return one-hot labels float32 {@code [N, numClasses]} */
    public INDArray labels() {
        int k = numClasses();
        int[] idx = labelIndex();
        float[] flat = new float[idx.length * k];
        for (int n = 0; n < idx.length; n++) {
            flat[n * k + idx[n]] = 1f;
        }
        return Nd4j.create(flat, new long[] {idx.length, k}, 'c');
    }

    /**
     * @param shaped see {@link #features(boolean)}
     * @return features and one-hot labels
     */
    public DataSet toDataSet(boolean shaped) {
        return new DataSet(features(shaped), labels());
    }

    /**
     * @param batchSize samples per batch, &gt; 0
     * @param shaped    see {@link #features(boolean)}
     * @return an iterator over the samples in generation order (already random)
     */
    public DataSetIterator iterator(int batchSize, boolean shaped) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("SymmetryDataset.iterator: expected batchSize > 0, found "
                    + batchSize);
        }
        return new ViewIterator(toDataSet(shaped), batchSize);
    }

    /** @return ground truth as float32 (the dtype layers usually use) */
    public INDArray groundTruthFloat() {
        return groundTruth().castTo(DataType.FLOAT);
    }

    @Override
    public String toString() {
        return "SymmetryDataset[" + group.name() + ", G=" + group.size() + ", B=" + baseSignals.length + ", N="
                + samples.length + ", " + labelMode + ", noise=" + noiseStd + ", seed=" + seed + "]";
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
