package org.wsnn.data.synthetic;

import java.util.SplittableRandom;

import org.wsnn.data.Seeds;

/**
 * Generates {@link SymmetryDataset}s: B canonical signals s_b with i.i.d. N(0, 1) entries on the group's
 * {@link SignalGroup#support() support} (0 elsewhere), then N samples, each with b ~ U{0..B−1},
 * g ~ U{0..G−1} and x = P_g s_b + ε, ε ~ N(0, σ² I). Deterministic in the seed (Java's
 * {@link SplittableRandom}, machine-independent): base signals from {@code Seeds.mix(seed, 0, 0)}, samples
 * from {@code Seeds.mix(seed, 1, 0)}.
 *
 * <p>Several base signals must share one stack for the symmetry to be identifiable: with one signal a
 * soft mixture fits it as well as the true permutation (see {@code docs/data.md}).
 */
public final class SymmetryDatasetGenerator {

    private final SignalGroup group;
    private final int numBaseSignals;
    private final int numSamples;
    private final double noiseStd;
    private final LabelMode labelMode;
    private final long seed;
    private final double[][] givenBases;

    private SymmetryDatasetGenerator(Builder b) {
        this.group = b.group;
        this.numBaseSignals = b.numBaseSignals;
        this.numSamples = b.numSamples;
        this.noiseStd = b.noiseStd;
        this.labelMode = b.labelMode;
        this.seed = b.seed;
        this.givenBases = b.baseSignals;
    }

    /**
     * @param group the elements to sample (use {@link SignalGroup#firstHalf()} for partial symmetry)
     * @return a builder with defaults: 16 base signals, 4,000 samples, σ = 0.05, equivariant labels, seed 0
     */
    public static Builder builder(SignalGroup group) {
        return new Builder(group);
    }

    /** @return a freshly generated data set (the same for the same settings) */
    public SymmetryDataset generate() {
        int d = group.dimension();
        boolean[] support = group.support();
        double[][] bases = givenBases != null ? copy(givenBases) : gaussianBases(d, support);
        SplittableRandom sampleRandom = new SplittableRandom(Seeds.mix(seed, 1, 0));
        double[][] samples = new double[numSamples][];
        int[] baseIndex = new int[numSamples];
        int[] elementIndex = new int[numSamples];
        for (int n = 0; n < numSamples; n++) {
            int b = sampleRandom.nextInt(numBaseSignals);
            int g = sampleRandom.nextInt(group.size());
            double[] x = group.apply(g, bases[b]);
            if (noiseStd > 0) {
                for (int i = 0; i < d; i++) {
                    x[i] += noiseStd * sampleRandom.nextGaussian();
                }
            }
            samples[n] = x;
            baseIndex[n] = b;
            elementIndex[n] = g;
        }
        return new SymmetryDataset(group, labelMode, noiseStd, seed, bases, samples, baseIndex, elementIndex);
    }

    private double[][] gaussianBases(int d, boolean[] support) {
        SplittableRandom baseRandom = new SplittableRandom(Seeds.mix(seed, 0, 0));
        double[][] bases = new double[numBaseSignals][d];
        for (double[] s : bases) {
            for (int i = 0; i < d; i++) {
                double v = baseRandom.nextGaussian();
                s[i] = support[i] ? v : 0.0;
            }
        }
        return bases;
    }

    private static double[][] copy(double[][] signals) {
        double[][] c = new double[signals.length][];
        for (int b = 0; b < signals.length; b++) {
            c[b] = signals[b].clone();
        }
        return c;
    }

    /** Settings of a {@link SymmetryDatasetGenerator}; setters validate ("expected X, found Y"). */
    public static final class Builder {
        private final SignalGroup group;
        private int numBaseSignals = 16;
        private int numSamples = 4000;
        private double noiseStd = 0.05;
        private LabelMode labelMode = LabelMode.EQUIVARIANT;
        private long seed;
        private double[][] baseSignals;
        private boolean numBaseSignalsSet;

        private Builder(SignalGroup group) {
            if (group == null) {
                throw new IllegalArgumentException("SymmetryDatasetGenerator: expected a SignalGroup, found null");
            }
            this.group = group;
        }

        /**
         * @param n number B of canonical signals, ≥ 1; default 16
         * @return this
         */
        public Builder numBaseSignals(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("SymmetryDatasetGenerator: expected numBaseSignals >= 1, found "
                        + n);
            }
            if (baseSignals != null && n != baseSignals.length) {
                throw new IllegalArgumentException("SymmetryDatasetGenerator: numBaseSignals " + n
                        + " contradicts the " + baseSignals.length + " given base signals");
            }
            this.numBaseSignals = n;
            this.numBaseSignalsSet = true;
            return this;
        }

        /**
         * Canonical signals given instead of drawn from a Gaussian (e.g. {@link ImagePatches#sample}); their
         * number becomes the number B of base signals.
         *
         * @param signals B ≥ 1 finite signals of the group's dimension, zero off its support (copied)
         * @return this
         */
        public Builder baseSignals(double[][] signals) {
            if (signals == null || signals.length == 0) {
                throw new IllegalArgumentException("SymmetryDatasetGenerator: expected at least one base signal, found "
                        + (signals == null ? "null" : "none"));
            }
            int d = group.dimension();
            boolean[] support = group.support();
            for (int b = 0; b < signals.length; b++) {
                if (signals[b] == null || signals[b].length != d) {
                    throw new IllegalArgumentException("SymmetryDatasetGenerator: base signal " + b + " expected "
                            + d + " values, found " + (signals[b] == null ? "null" : signals[b].length));
                }
                for (int i = 0; i < d; i++) {
                    double v = signals[b][i];
                    if (!Double.isFinite(v) || (!support[i] && v != 0)) {
                        throw new IllegalArgumentException("SymmetryDatasetGenerator: base signal " + b
                                + " expected finite values, zero off the support, found " + v + " at " + i);
                    }
                }
            }
            if (numBaseSignalsSet && numBaseSignals != signals.length) {
                throw new IllegalArgumentException("SymmetryDatasetGenerator: " + signals.length
                        + " base signals given contradict numBaseSignals " + numBaseSignals);
            }
            this.baseSignals = signals;
            this.numBaseSignals = signals.length;
            return this;
        }

        /**
         * @param n number N of samples, ≥ 1; default 4,000
         * @return this
         */
        public Builder numSamples(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("SymmetryDatasetGenerator: expected numSamples >= 1, found " + n);
            }
            this.numSamples = n;
            return this;
        }

        /**
         * @param std noise σ, finite and ≥ 0; default 0.05
         * @return this
         */
        public Builder noiseStd(double std) {
            if (!(std >= 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("SymmetryDatasetGenerator: expected noiseStd >= 0 and finite, "
                        + "found " + std);
            }
            this.noiseStd = std;
            return this;
        }

        /**
         * @param mode invariant or equivariant labels; default {@link LabelMode#EQUIVARIANT}
         * @return this
         */
        public Builder labelMode(LabelMode mode) {
            if (mode == null) {
                throw new IllegalArgumentException("SymmetryDatasetGenerator: expected labelMode INVARIANT or "
                        + "EQUIVARIANT, found null");
            }
            this.labelMode = mode;
            return this;
        }

        /**
         * @param seed seed of all random choices; default 0
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the generator */
        public SymmetryDatasetGenerator build() {
            return new SymmetryDatasetGenerator(this);
        }

        /** @return {@code build().generate()} */
        public SymmetryDataset generate() {
            return build().generate();
        }
    }
}
