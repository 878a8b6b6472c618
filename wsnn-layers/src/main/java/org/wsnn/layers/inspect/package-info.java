/** Reading what weight-sharing layers learned: normalised representation stacks and kernel stacks. */
package org.wsnn.layers.inspect;
