package org.wsnn.data;

/** The on-disk formats {@link TransformedImageIterator} can read. */
public enum ImageFormat {
    /** MNIST, Fashion-MNIST, EMNIST: IDX files, plain or gzipped ({@link IdxDataset}, {@link IdxReader}). */
    IDX,
    /** CIFAR-10 binary batches ({@link Cifar10Reader}). */
    CIFAR10
}
