package org.wsnn.onnx;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.onnx.proto.OnnxProto.AttributeProto;
import org.wsnn.onnx.proto.OnnxProto.GraphProto;
import org.wsnn.onnx.proto.OnnxProto.NodeProto;
import org.wsnn.onnx.proto.OnnxProto.TensorProto;
import org.wsnn.onnx.proto.OnnxProto.TensorShapeProto;
import org.wsnn.onnx.proto.OnnxProto.TypeProto;
import org.wsnn.onnx.proto.OnnxProto.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * An ONNX graph under construction: float32 initializers (the trained parameters and constants), nodes
 * with unique output names, and the graph's float32 inputs and outputs. Names derive from the DL4J vertex
 * that a node translates, so a Netron view of the exported file reads like the DL4J {@code summary()}.
 */
final class OnnxGraph {

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A name not used yet, {@code base} or {@code base_2}, {@code base_3}, … */
    String fresh(String base) {
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /**
     * A float32 initializer holding {@code values} (any DL4J type, cast; C order).
     *
     * @param shape the ONNX shape (its product must be the array's length)
     * @return its name
     */
    String constant(String base, INDArray values, long... shape) {
        INDArray v = values.castTo(DataType.FLOAT).dup('c');
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != v.length()) {
            throw new IllegalStateException("constant " + base + ": shape of " + n + " values for an array of "
                    + v.length());
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(4 * n)).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v.data().asFloat()) {
            bytes.putFloat(f);
        }
        bytes.flip();
        String name = fresh(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(com.google.protobuf.ByteString.copyFrom(bytes));
        for (long s : shape) {
            t.addDims(s);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A float32 scalar-broadcastable constant of shape {@code shape} filled with {@code value}. */
    String constant(String base, float value, long... shape) {
        return constant(base, org.nd4j.linalg.factory.Nd4j.valueArrayOf(shape.length == 0 ? new long[]{1} : shape,
                value, DataType.FLOAT), shape);
    }

    /** An int64 initializer, e.g. the target shape of a {@code Reshape}. */
    String int64s(String base, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        bytes.flip();
        String name = fresh(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(com.google.protobuf.ByteString.copyFrom(bytes)));
        return name;
    }

    /**
     * Adds a node with one output.
     *
     * @param op         the ONNX operator, e.g. {@code Conv}
     * @param outputBase base of the output's name
     * @param inputs     input names (an empty string for an omitted optional input)
     * @param attributes its attributes
     * @return the output's name
     */
    String node(String op, String outputBase, String[] inputs, AttributeProto... attributes) {
        String out = fresh(outputBase);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh("node_" + out)).addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    /** Shorthand for a node of one input. */
    String node(String op, String outputBase, String input, AttributeProto... attributes) {
        return node(op, outputBase, new String[]{input}, attributes);
    }

    /** Declares a float32 graph input with a symbolic batch dimension {@code N}. */
    void input(String name, long... shapeWithoutBatch) {
        names.add(name);
        graph.addInput(valueInfo(name, shapeWithoutBatch));
    }

    /** Declares a float32 graph output with a symbolic batch dimension {@code N}. */
    void output(String name, long... shapeWithoutBatch) {
        graph.addOutput(valueInfo(name, shapeWithoutBatch));
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto valueInfo(String name, long... shapeWithoutBatch) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long s : shapeWithoutBatch) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(s));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }
}
