package org.wsnn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;

/** Loads the PyTorch-reference fixtures of {@code src/test/resources/fixtures} (see its README). */
final class Fixtures {

    private Fixtures() {
    }

    static INDArray load(String name, DataType type) {
        URL url = Fixtures.class.getResource("/fixtures/" + name + ".npy");
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name + ".npy: regenerate with src/test/python/make_fixtures.py");
        }
        try {
            return Nd4j.createFromNpyFile(new File(url.toURI())).castTo(type);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
