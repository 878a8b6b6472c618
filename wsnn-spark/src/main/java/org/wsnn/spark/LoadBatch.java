package org.wsnn.spark;

import org.apache.spark.api.java.function.Function;
import org.nd4j.linalg.dataset.DataSet;

import java.io.File;

/**
 * Loads one saved minibatch ({@code DataSet.save}) on the executor that fits it, so the driver never holds
 * more than the batch file names.
 */
final class LoadBatch implements Function<String, DataSet> {

    private static final long serialVersionUID = 1L;

    @Override
    public DataSet call(String path) {
        DataSet batch = new DataSet();
        batch.load(new File(path));
        return batch;
    }
}
