package org.wsnn.data;

import java.io.File;
import java.util.SplittableRandom;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Throughput of rotated 28×28 images (not a test). Measures, on the calling thread only:
 * <ol>
 *   <li>{@link TransformedImageIterator} with the {@link ImageTask#ROTATED} preset (bilinear rotation by
 *       U[0°, 360°), normalisation, one-hot labels, float32 INDArrays), training mode, batch 64;</li>
 *   <li>{@link ImageWarp#rotate} alone (the plain-Java kernel, no ND4J).</li>
 * </ol>
 * Usage: {@code java -cp <test classpath> org.wsnn.data.DataThroughputBenchmark [dataDir] [seconds]};
 * default data: Debian's Fashion-MNIST if installed, else the committed 200-image slice (looped). Pin to
 * one core with {@code taskset -c 0} and set {@code OMP_NUM_THREADS=1}.
 */
public final class DataThroughputBenchmark {

    private DataThroughputBenchmark() {
    }

    /**
     * @param args optional data folder, optional seconds per measurement (default 5)
     * @throws Exception on I/O errors
     */
    public static void main(String[] args) throws Exception {
        File dir = args.length > 0 ? new File(args[0])
                : new File(IdxDataset.DEBIAN_FASHION_MNIST, "train-images-idx3-ubyte.gz").isFile()
                        ? IdxDataset.DEBIAN_FASHION_MNIST : new File("wsnn-core/src/test/resources/fashion-mnist-slice");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5.0;
        long t0 = System.nanoTime();
        TransformedImageIterator it = ImageTask.ROTATED.builder().dataDir(dir).train(true).batchSize(64).build();
        System.out.printf("data: %s (%d training images), loaded in %.2f s%n", dir, it.numExamples(),
                (System.nanoTime() - t0) / 1e9);

        run(it, 1.0); // warm-up
        double rate = run(it, seconds);
        System.out.printf("TransformedImageIterator ROTATED, batch 64, 1 thread: %.0f images/s%n", rate);

        double raw = rawRotate(seconds);
        System.out.printf("ImageWarp.rotate alone (28x28, random angle): %.0f images/s%n", raw);
    }

    private static double run(TransformedImageIterator it, double seconds) {
        long images = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        double checksum = 0;
        while (System.nanoTime() < end) {
            if (!it.hasNext()) {
                it.reset();
            }
            DataSet ds = it.next();
            images += ds.numExamples();
            checksum += ds.getFeatures().getDouble(0);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (Double.isNaN(checksum)) {
            System.out.println("NaN checksum");
        }
        return images / elapsed;
    }

    private static double rawRotate(double seconds) {
        SplittableRandom r = new SplittableRandom(1);
        float[] src = new float[784];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) r.nextDouble();
        }
        float[] dst = new float[784];
        long images = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int k = 0; k < 256; k++) {
                ImageWarp.rotate(src, dst, 1, 28, 28, 360 * r.nextDouble());
            }
            images += 256;
            src[0] += dst[400] * 1e-9f;
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }
}
