package org.wsnn.examples.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.onnx.OnnxExport;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An exported ONNX model in ONNX Runtime (CPU, a fixed number of intra-op threads), fed ND4J arrays: how
 * {@code wsnn export --format onnx} checks the file it wrote and {@code wsnn benchmark --onnx} times it.
 */
public final class OnnxRuntimeRunner implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    /**
     * @param model   the serialised ONNX model
     * @param threads intra-op threads of ONNX Runtime
     */
    public OnnxRuntimeRunner(byte[] model, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
        }
    }

    /** @return the model's output for {@code x} ({@code [N, K]}) as a float32 ND4J array */
    public INDArray run(INDArray x) throws OrtException {
        INDArray c = x.castTo(DataType.FLOAT).dup('c');
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(c.data().asFloat()), c.shape());
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            return Nd4j.createFromArray((float[][]) result.get(0).getValue());
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
