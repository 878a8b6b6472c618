package org.wsnn.layers.kernel;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link AxisSwap} against ND4J's permute(0, 2, 1, 3). */
class AxisSwapTest {

    @Test
    void equalsPermuteOnDenseOffsetAndStridedInput() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.rand(type, 3, 4, 5, 6);
            assertEquals(x.permute(0, 2, 1, 3).dup('c'), AxisSwap.swapMiddle(x, 3, 4, 5, 6), type + " dense");

            INDArray big = Nd4j.rand(type, 5, 4, 5, 6);
            INDArray view = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(view.offset() > 0, "the test needs an offset view");
            assertEquals(view.permute(0, 2, 1, 3).dup('c'), AxisSwap.swapMiddle(view, 3, 4, 5, 6), type + " offset view");

            INDArray strided = Nd4j.rand(type, 6, 5, 4, 3).permute(3, 2, 1, 0);
            INDArray swapped = AxisSwap.swapMiddle(strided, 3, 4, 5, 6);
            assertEquals(strided.permute(0, 2, 1, 3).dup('c'), swapped, type + " strided input");
            assertArrayEquals(new long[]{3, 5, 4, 6}, swapped.shape());
        }
    }

    @Test
    void rejectsAWrongFactorisation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AxisSwap.swapMiddle(Nd4j.rand(DataType.FLOAT, 2, 3), 2, 2, 2, 2));
        assertTrue(e.getMessage().contains("found 6") && e.getMessage().contains("16"), e.getMessage());
    }
}
