package org.wsnn.examples.bench;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.sinkhorn.Sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe's double-centred logits: zero row and column means per matrix, the same Sinkhorn limit. */
class SinkhornResidualProbeTest {

    @Test
    void doubleCentringRemovesOffsetsAndKeepsTheSinkhornLimit() {
        Nd4j.getRandom().setSeed(7);
        INDArray sharp = Nd4j.randn(DataType.DOUBLE, 3, 5, 5).muli(2);
        // the same logits with large row and column offsets added to each matrix
        INDArray offsets = Nd4j.randn(DataType.DOUBLE, 3, 5, 1).muli(10)
                .add(Nd4j.randn(DataType.DOUBLE, 3, 1, 5).muli(10));
        INDArray logits = sharp.add(offsets);

        INDArray centred = SinkhornResidualProbe.doubleCentred(logits);
        assertEquals(0, centred.mean(2).amaxNumber().doubleValue(), 1e-12, "row means");
        assertEquals(0, centred.mean(1).amaxNumber().doubleValue(), 1e-12, "column means");
        assertEquals(0, centred.sub(SinkhornResidualProbe.doubleCentred(sharp)).amaxNumber().doubleValue(), 1e-12,
                "offsets removed exactly");

        INDArray limit = Sinkhorn.normalize(logits, 5000);
        assertTrue(Sinkhorn.residual(limit) < 1e-10, "converged");
        assertEquals(0, limit.sub(Sinkhorn.normalize(centred, 5000)).amaxNumber().doubleValue(), 1e-9, "same limit");
        // negative control: the logits themselves are not centred
        assertTrue(logits.mean(2).amaxNumber().doubleValue() > 1, "offsets present before centring");
    }
}
