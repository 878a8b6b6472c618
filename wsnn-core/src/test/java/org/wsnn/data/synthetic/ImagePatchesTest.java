package org.wsnn.data.synthetic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsnn.data.IdxReader;

import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Patches of the committed real Fashion-MNIST slice as canonical signals of the 2-D tasks. */
class ImagePatchesTest {

    private static IdxReader.IdxImages slice() throws IOException, URISyntaxException {
        File dir = new File(ImagePatchesTest.class.getResource("/fashion-mnist-slice").toURI());
        return IdxReader.readImages(new File(dir, "train-images-idx3-ubyte.gz"));
    }

    @Test
    void patchesAreStandardisedOnTheSupportAndZeroOffIt() throws Exception {
        SignalGroup c4 = SignalGroup.c4Rotations(SymmetryTasks.PATTERN_SIZE);
        boolean[] support = c4.support();
        double[][] patches = ImagePatches.sample(slice(), c4, 64, 1);
        assertEquals(64, patches.length);
        for (double[] p : patches) {
            assertEquals(c4.dimension(), p.length);
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (int i = 0; i < p.length; i++) {
                if (support[i]) {
                    sum += p[i];
                    squares += p[i] * p[i];
                    n++;
                } else {
                    assertEquals(0.0, p[i], "off the support");
                }
            }
            assertEquals(0.0, sum / n, 1e-12, "mean on the support");
            assertEquals(1.0, squares / n, 1e-12, "variance on the support");
        }
    }

    @Test
    void theSameSeedGivesTheSamePatchesAndAnotherSeedOthers() throws Exception {
        SignalGroup c4 = SignalGroup.c4Rotations(SymmetryTasks.PATTERN_SIZE);
        IdxReader.IdxImages images = slice();
        double[][] a = ImagePatches.sample(images, c4, 8, 5);
        assertArrayEquals(a, ImagePatches.sample(images, c4, 8, 5));
        assertFalse(Arrays.deepEquals(a, ImagePatches.sample(images, c4, 8, 6)));
    }

    @Test
    void theGeneratorUsesGivenSignalsAsItsBases() throws Exception {
        SignalGroup c4 = SignalGroup.c4Rotations(SymmetryTasks.PATTERN_SIZE);
        double[][] patches = ImagePatches.sample(slice(), c4, 10, 2);
        SymmetryDataset data = SymmetryDatasetGenerator.builder(c4).baseSignals(patches).numSamples(50).seed(2)
                .generate();
        assertEquals(10 * c4.size(), data.numClasses(), "B = number of given signals");
        assertArrayEquals(patches, data.baseSignals());
        assertThrows(IllegalArgumentException.class,
                () -> SymmetryDatasetGenerator.builder(c4).numBaseSignals(16).baseSignals(patches));
        double[][] offSupport = {patches[0].clone()};
        int corner = 0; // the 7x7 disk does not hold the corner pixel
        assertFalse(c4.support()[corner]);
        offSupport[0][corner] = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SymmetryDatasetGenerator.builder(c4).baseSignals(offSupport));
        assertTrue(e.getMessage().contains("zero off the support, found 1.0 at 0"), e.getMessage());
    }

    @Test
    void flatImagesAndNonImageGroupsAreRefusedWithOneLine(@TempDir File dir) throws IOException {
        File flat = new File(dir, "flat-images-idx3-ubyte");
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(flat))) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(3);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[3 * 28 * 28]);
        }
        IdxReader.IdxImages images = IdxReader.readImages(flat);
        SignalGroup c4 = SignalGroup.c4Rotations(SymmetryTasks.PATTERN_SIZE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImagePatches.sample(images, c4, 4, 1));
        assertTrue(e.getMessage().contains("expected 4 patches whose pixels vary by at least 0.10, found 0"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImagePatches.sample(images, SignalGroup.cyclicShifts(12), 4, 1));
        assertTrue(e.getMessage().contains("expected a 2-D group"), e.getMessage());
    }
}
