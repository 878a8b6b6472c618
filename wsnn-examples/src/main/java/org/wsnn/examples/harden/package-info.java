/** {@code wsnn harden}: discover, then harden — a learned network turned into the exact G-CNN of its stacks. */
package org.wsnn.examples.harden;
