package org.wsnn.data;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link DataSetIterator} over labelled images (MNIST family or CIFAR-10) that applies random
 * rotations, scalings, flips and noise in plain Java ({@link ImageAugmentation}, {@link ImageWarp}).
 *
 * <p>Output: features {@code [B, C, H, W]} float32 (or {@code [B, C·H·W]} with {@code flatten(true)}),
 * pixel value v ∈ [0, 1] transformed, then (only with {@code normalize(...)}, default none) normalised per
 * channel as {@code (v − mean_c) / std_c}, then handed to the pre-processor if one is set (the
 * {@link ImageTask} presets set a DL4J {@code NormalizerStandardize} with the paper's constants, which
 * {@code ModelSerializer.addNormalizerToModel} can store in a model zip); labels one-hot
 * {@code [B, numClasses]} float32. The last batch may be smaller. Without normalisation and pre-processor
 * the pixels are in [0, 1] (not [0, 255]: DL4J's {@code ImagePreProcessingScaler} is not for this
 * iterator).
 *
 * <p>Determinism: example i of epoch e is transformed with a {@link SplittableRandom} seeded by
 * {@link Seeds#mix}(seed, e, i), so results depend on nothing but (seed, e, i): the same seed gives
 * bit-identical arrays on any machine, whatever the batch size or prefetching. Training data
 * ({@code train(true)}) is transformed afresh each epoch and shuffled (order seeded by (seed, e)): every
 * {@link #reset()} starts a new epoch. Test data always uses epoch 0: it is transformed once, in a fixed
 * way, and {@link #reset()} replays identical batches (the transform is recomputed, not stored, which is
 * equivalent and needs no float copy of the set). Horizontal flips are a training augmentation: they are
 * applied to the training split only; rotations, scalings and noise to both (as in the paper).
 *
 * <p>Prefetch: {@link #asyncSupported()} is {@code true}, so DL4J's {@code MultiLayerNetwork.fit},
 * {@code ComputationGraph.fit} and {@code evaluate} wrap it in an
 * {@link org.nd4j.linalg.dataset.AsyncDataSetIterator} that prepares batches on a background thread while
 * the network trains. For other consumers (e.g. SameDiff's {@code fit}) wrap it yourself:
 * {@code new AsyncDataSetIterator(iterator, 2)}. It is not safe for concurrent {@code next()} calls from
 * several threads.
 *
 * <p>Presets for the paper's tasks: {@link ImageTask}.
 */
public final class TransformedImageIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final LabeledImages images;
    private final ImageAugmentation augmentation;
    private final boolean train;
    private final boolean shuffle;
    private final int batchSize;
    private final int numExamples;
    private final int numClasses;
    private final float[] mean;
    private final float[] invStd;
    private final boolean flatten;
    private final long seed;
    private final List<String> labelNames;

    private int epoch;
    private int cursor;
    private int[] order;
    private DataSetPreProcessor preProcessor;

    private TransformedImageIterator(Builder b, LabeledImages images, ImageAugmentation augmentation,
            int numExamples, int numClasses, double[] mean, double[] std, List<String> labelNames) {
        this.images = images;
        this.augmentation = augmentation;
        this.train = b.train;
        this.shuffle = b.shuffle != null ? b.shuffle : b.train;
        this.batchSize = b.batchSize;
        this.numExamples = numExamples;
        this.numClasses = numClasses;
        this.mean = new float[mean.length];
        this.invStd = new float[std.length];
        for (int c = 0; c < mean.length; c++) {
            this.mean[c] = (float) mean[c];
            this.invStd[c] = (float) (1.0 / std[c]);
        }
        this.flatten = b.flatten;
        this.seed = b.seed;
        this.labelNames = labelNames;
        this.preProcessor = b.preProcessor;
        startEpoch(0);
    }

    /** @return a builder with the defaults documented on its setters */
    public static Builder builder() {
        return new Builder();
    }

    private void startEpoch(int e) {
        epoch = e;
        cursor = 0;
        order = new int[numExamples];
        for (int i = 0; i < numExamples; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, e, -1));
            for (int i = numExamples - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    /** @return the current epoch (0 at start; incremented by {@link #reset()} for training data) */
    public int epoch() {
        return epoch;
    }

    /** @return number of examples served per epoch */
    public int numExamples() {
        return numExamples;
    }

    /** @return the transform applied */
    public ImageAugmentation augmentation() {
        return augmentation;
    }

    /** @return {@code [C, H, W]} of one example */
    public int[] imageShape() {
        return new int[] {images.channels(), images.height(), images.width()};
    }

    @Override
    public boolean hasNext() {
        return cursor < numExamples;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (num <= 0) {
            throw new IllegalArgumentException("TransformedImageIterator.next: expected num > 0, found " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("TransformedImageIterator: epoch " + epoch + " exhausted after "
                    + numExamples + " examples; call reset()");
        }
        int n = Math.min(num, numExamples - cursor);
        int c = images.channels();
        int h = images.height();
        int w = images.width();
        int plane = h * w;
        int size = c * plane;
        float[] features = new float[n * size];
        float[] labels = new float[n * numClasses];
        float[] a = new float[size];
        float[] b = new float[size];
        int e = train ? epoch : 0;
        for (int k = 0; k < n; k++) {
            int index = order[cursor + k];
            int label = images.label(index);
            images.copyImage(index, a);
            float[] out = a;
            if (!augmentation.isIdentity()) {
                out = augmentation.apply(a, b, c, h, w, label, new SplittableRandom(Seeds.mix(seed, e, index)));
            }
            int base = k * size;
            for (int ch = 0; ch < c; ch++) {
                float m = mean[ch];
                float s = invStd[ch];
                int off = ch * plane;
                for (int p = 0; p < plane; p++) {
                    features[base + off + p] = (out[off + p] - m) * s;
                }
            }
            labels[k * numClasses + label] = 1f;
        }
        cursor += n;
        long[] shape = flatten ? new long[] {n, size} : new long[] {n, c, h, w};
        INDArray f = Nd4j.create(features, shape, 'c');
        INDArray l = Nd4j.create(labels, new long[] {n, numClasses}, 'c');
        DataSet ds = new DataSet(f, l);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public int inputColumns() {
        return images.imageSize();
    }

    @Override
    public int totalOutcomes() {
        return numClasses;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Training data: start the next epoch with fresh transforms and order. Test data: replay epoch 0. */
    @Override
    public void reset() {
        startEpoch(train ? epoch + 1 : 0);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return labelNames;
    }

    /**
     * Fluent configuration of a {@link TransformedImageIterator}. Setters validate their own arguments
     * ({@link IllegalArgumentException} naming the parameter, the value expected and the value found);
     * {@link #build()} checks what depends on the data.
     */
    public static final class Builder {
        private File dataDir;
        private ImageFormat format = ImageFormat.IDX;
        private String filePrefix = "";
        private LabeledImages images;
        private boolean train = true;
        private Boolean shuffle;
        private int batchSize = 64;
        private int numExamples = -1;
        private double minDegrees;
        private double maxDegrees;
        private double minScale = 1;
        private double maxScale = 1;
        private boolean horizontalFlip;
        private double noiseStd;
        private int[] transformLabels;
        private double[] mean = {0};
        private double[] std = {1};
        private DataSetPreProcessor preProcessor;
        private boolean flatten;
        private int numClasses = -1;
        private long seed = 12345;

        private Builder() {
        }

        /**
         * @param dir folder holding the data files; default: {@link IdxDataset#defaultSearchPath()} for IDX,
         *            none for CIFAR-10
         * @return this
         */
        public Builder dataDir(File dir) {
            if (dir == null) {
                throw new IllegalArgumentException("dataDir: expected a folder, found null");
            }
            this.dataDir = dir;
            return this;
        }

        /**
         * @param format file format; default {@link ImageFormat#IDX}
         * @return this
         */
        public Builder format(ImageFormat format) {
            if (format == null) {
                throw new IllegalArgumentException("format: expected IDX or CIFAR10, found null");
            }
            this.format = format;
            return this;
        }

        /**
         * @param prefix IDX file-name prefix, e.g. {@code "emnist-balanced-"}; default {@code ""}
         * @return this
         */
        public Builder filePrefix(String prefix) {
            if (prefix == null) {
                throw new IllegalArgumentException("filePrefix: expected a string (possibly empty), found null");
            }
            this.filePrefix = prefix;
            return this;
        }

        /**
         * Uses images already in memory instead of reading files ({@code dataDir}, {@code format} and
         * {@code train}'s choice of split are then ignored for loading).
         *
         * @param images the images
         * @return this
         */
        public Builder images(LabeledImages images) {
            if (images == null) {
                throw new IllegalArgumentException("images: expected LabeledImages, found null");
            }
            this.images = images;
            return this;
        }

        /**
         * @param train training split (fresh transforms per epoch, shuffled) or test split (fixed); default true
         * @return this
         */
        public Builder train(boolean train) {
            this.train = train;
            return this;
        }

        /**
         * @param shuffle shuffle the order each epoch (seeded); default: same as {@code train}
         * @return this
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * @param batchSize examples per batch, &gt; 0; default 64
         * @return this
         */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize: expected > 0, found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param numExamples use the first n examples of the split, 0 &lt; n ≤ available; default all
         * @return this
         */
        public Builder numExamples(int numExamples) {
            if (numExamples <= 0) {
                throw new IllegalArgumentException("numExamples: expected > 0, found " + numExamples);
            }
            this.numExamples = numExamples;
            return this;
        }

        /**
         * Random rotation angle, uniform in [min, max) degrees, counter-clockwise; default [0, 0] (none).
         *
         * @param min smallest angle, ≥ −360
         * @param max largest angle, ≥ min, ≤ 360, with max − min ≤ 360
         * @return this
         */
        public Builder rotationDegrees(double min, double max) {
            if (!Double.isFinite(min) || !Double.isFinite(max) || min < -360 || max > 360) {
                throw new IllegalArgumentException("rotationDegrees: expected finite angles in [-360, 360], found ["
                        + min + ", " + max + "]");
            }
            if (min > max) {
                throw new IllegalArgumentException("rotationDegrees: expected min <= max, found min " + min
                        + " > max " + max);
            }
            if (max - min > 360) {
                throw new IllegalArgumentException("rotationDegrees: expected a range of at most 360 degrees, "
                        + "found [" + min + ", " + max + "] (" + (max - min) + ")");
            }
            this.minDegrees = min;
            this.maxDegrees = max;
            return this;
        }

        /**
         * Random scale factor, uniform in [min, max); default [1, 1] (none).
         *
         * @param min smallest factor, &gt; 0
         * @param max largest factor, ≥ min, finite
         * @return this
         */
        public Builder scale(double min, double max) {
            if (!(min > 0) || !Double.isFinite(min)) {
                throw new IllegalArgumentException("scale: expected min > 0, found " + min);
            }
            if (!Double.isFinite(max) || min > max) {
                throw new IllegalArgumentException("scale: expected finite max >= min, found min " + min
                        + ", max " + max);
            }
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /**
         * @param flip mirror training images left-right with probability ½; default false
         * @return this
         */
        public Builder horizontalFlip(boolean flip) {
            this.horizontalFlip = flip;
            return this;
        }

        /**
         * @param std standard deviation of additive Gaussian noise in [0, 1]-pixel units, ≥ 0; default 0
         * @return this
         */
        public Builder noiseStd(double std) {
            if (!(std >= 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("noiseStd: expected a finite value >= 0, found " + std);
            }
            this.noiseStd = std;
            return this;
        }

        /**
         * Only examples of these classes are transformed (rotation, scale, flip, noise); default all.
         *
         * @param classes class indices, each ≥ 0 (and below the number of classes, checked in build)
         * @return this
         */
        public Builder transformLabels(int... classes) {
            if (classes == null) {
                throw new IllegalArgumentException("transformLabels: expected class indices, found null");
            }
            for (int c : classes) {
                if (c < 0) {
                    throw new IllegalArgumentException("transformLabels: expected class indices >= 0, found " + c);
                }
            }
            this.transformLabels = classes.clone();
            return this;
        }

        /**
         * A DL4J pre-processor applied to every batch after the transforms (e.g. a
         * {@code NormalizerStandardize}, which can then be saved with the model); default none. Same as
         * {@code setPreProcessor} on the built iterator.
         *
         * @param preProcessor the pre-processor, or null for none
         * @return this
         */
        public Builder preProcessor(DataSetPreProcessor preProcessor) {
            this.preProcessor = preProcessor;
            return this;
        }

        /**
         * Normalises every channel as {@code (v − mean) / std}; default mean 0, std 1.
         *
         * @param mean mean
         * @param std  standard deviation, &gt; 0
         * @return this
         */
        public Builder normalize(double mean, double std) {
            return normalize(new double[] {mean}, new double[] {std});
        }

        /**
         * Normalises channel c as {@code (v − mean[c]) / std[c]} (one value per channel, or a single value
         * for all channels).
         *
         * @param mean per-channel means
         * @param std  per-channel standard deviations, each &gt; 0
         * @return this
         */
        public Builder normalize(double[] mean, double[] std) {
            if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
                throw new IllegalArgumentException("normalize: expected mean and std arrays of equal non-zero "
                        + "length, found " + (mean == null ? "null" : mean.length) + " and "
                        + (std == null ? "null" : std.length));
            }
            for (int c = 0; c < std.length; c++) {
                if (!(std[c] > 0) || !Double.isFinite(std[c]) || !Double.isFinite(mean[c])) {
                    throw new IllegalArgumentException("normalize: expected finite mean and std > 0 for channel "
                            + c + ", found mean " + mean[c] + ", std " + std[c]);
                }
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /**
         * @param flatten emit features as {@code [B, C·H·W]} instead of {@code [B, C, H, W]}; default false
         * @return this
         */
        public Builder flatten(boolean flatten) {
            this.flatten = flatten;
            return this;
        }

        /**
         * @param numClasses width of the one-hot labels; default: at least 10 for files without prefix
         *                   (MNIST, Fashion-MNIST, CIFAR-10), else largest label + 1; must exceed every label
         * @return this
         */
        public Builder numClasses(int numClasses) {
            if (numClasses <= 0) {
                throw new IllegalArgumentException("numClasses: expected > 0, found " + numClasses);
            }
            this.numClasses = numClasses;
            return this;
        }

        /**
         * @param seed seed of every random choice (transforms, shuffling); default 12345
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Loads the data (unless given with {@link #images}) and builds the iterator.
         *
         * @return the iterator
         * @throws IOException              if the data cannot be found or read ({@link DataNotFoundException},
         *                                  {@link DataFormatException})
         * @throws IllegalArgumentException if a setting does not fit the data
         */
        public TransformedImageIterator build() throws IOException {
            LabeledImages data = images;
            if (data == null) {
                data = format == ImageFormat.CIFAR10 ? Cifar10Reader.load(dataDir, train)
                        : IdxDataset.load(dataDir, train, filePrefix);
            }
            int n = numExamples < 0 ? data.count() : numExamples;
            if (n > data.count()) {
                throw new IllegalArgumentException("numExamples: expected at most " + data.count()
                        + " (examples available in " + describeSource() + "), found " + n);
            }
            if (data.count() == 0) {
                throw new IllegalArgumentException("data: expected at least one example in " + describeSource()
                        + ", found 0");
            }
            // MNIST, Fashion-MNIST and CIFAR-10 have 10 classes even when a slice misses some
            int classes = images != null || !filePrefix.isEmpty() ? data.numClasses()
                    : Math.max(data.numClasses(), 10);
            if (numClasses > 0) {
                if (numClasses < data.numClasses()) {
                    throw new IllegalArgumentException("numClasses: expected at least " + data.numClasses()
                            + " (largest label + 1 in " + describeSource() + "), found " + numClasses);
                }
                classes = numClasses;
            }
            boolean[] selected = null;
            if (transformLabels != null) {
                selected = new boolean[classes];
                for (int c : transformLabels) {
                    if (c >= classes) {
                        throw new IllegalArgumentException("transformLabels: expected class indices in [0, "
                                + classes + "), found " + c);
                    }
                    selected[c] = true;
                }
            }
            int channels = data.channels();
            double[] m = perChannel(mean, channels, "mean");
            double[] s = perChannel(std, channels, "std");
            ImageAugmentation aug = new ImageAugmentation(minDegrees, maxDegrees, minScale, maxScale,
                    horizontalFlip && train, noiseStd, selected);
            List<String> names = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                names.add(format == ImageFormat.CIFAR10 && images == null ? Cifar10Reader.CLASS_NAMES.get(c)
                        : String.valueOf(c));
            }
            return new TransformedImageIterator(this, data, aug, n, classes, m, s, List.copyOf(names));
        }

        private double[] perChannel(double[] values, int channels, String what) {
            if (values.length == channels) {
                return values;
            }
            if (values.length == 1) {
                double[] out = new double[channels];
                java.util.Arrays.fill(out, values[0]);
                return out;
            }
            throw new IllegalArgumentException("normalize: expected 1 or " + channels + " " + what
                    + " values (one per channel), found " + values.length);
        }

        private String describeSource() {
            if (images != null) {
                return "the given images";
            }
            return (dataDir == null ? "the default data folder" : dataDir.toString()) + " ("
                    + (train ? "train" : "test") + " split)";
        }
    }
}
