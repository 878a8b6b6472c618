/** Equivariance test kit (library code, itself tested with negative controls): C4 on images and group feature maps, and the eight grid symmetries ({@link org.wsnn.layers.check.GridSymmetry}) on images and kernel taps. */
package org.wsnn.layers.check;
