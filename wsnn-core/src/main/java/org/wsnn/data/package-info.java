/**
 * Data for symmetry learning: readers for MNIST-family IDX files ({@link org.wsnn.data.IdxReader},
 * {@link org.wsnn.data.IdxDataset}) and CIFAR-10 binaries ({@link org.wsnn.data.Cifar10Reader}), plain-Java
 * bilinear image transforms ({@link org.wsnn.data.ImageWarp}, {@link org.wsnn.data.ImageAugmentation}) and a
 * deterministic DL4J iterator over transformed images ({@link org.wsnn.data.TransformedImageIterator}) with
 * presets for the paper's tasks ({@link org.wsnn.data.ImageTask}).
 *
 * <p>Synthetic signals with known symmetry groups and their ground-truth permutation matrices are in
 * {@link org.wsnn.data.synthetic}.
 *
 * <p>Conventions: images are channel-planar {@code [C, H, W]}, batches {@code [B, C, H, W]} float32, labels
 * one-hot; every random choice is seeded ({@link org.wsnn.data.Seeds}); nothing is downloaded or written.
 * Missing data raises {@link org.wsnn.data.DataNotFoundException}, malformed files
 * {@link org.wsnn.data.DataFormatException}, bad settings {@link java.lang.IllegalArgumentException}.
 */
package org.wsnn.data;
