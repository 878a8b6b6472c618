/** Equivariance test kit (library code, itself tested with negative controls). */
package org.wsnn.layers.check;
