package dev.zkmlc.cli;

import com.google.protobuf.ByteString;
import dev.zkmlc.frontend.onnx.proto.Onnx.AttributeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.GraphProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.ModelProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.NodeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.OperatorSetIdProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorShapeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TypeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The workload the {@code ./zkmlc} launcher runs once, under {@code -XX:ArchiveClassesAtExit}, to dump a class data
 * sharing archive for the jar: the user journey (compile, mock, dev SRS, setup, prove, verify) on a tiny ONNX MLP and
 * a tiny {@code .zk} model, then setup and prove on a larger MLP, all in one JVM, so that the archive holds the classes
 * every later command loads, parsed and verified, and a command's start-up does not redo that work.
 */
public final class ClassArchiveTraining {
    private static final int IN = 8;
    private static final int HIDDEN = 6;
    private static final int OUT = 3;
    /**
     * A second network for setup and prove, large enough (k = 11) to take the paths a real proof takes and the tiny
     * one does not (parallel NTTs on the extended coset, MSMs split between cores, the wider lowering and layout):
     * the lambda classes of those paths are then in the archive, instead of being spun by every proof. Without them
     * a 784x56x10 proof spun ~70 classes at run time, enough to make the JDK's bytecode generator hot for C2 in some
     * runs (1.5 s of compiler time); with them, 50 (method handles the archive cannot hold).
     */
    private static final int BIG_IN = 196;
    private static final int BIG_HIDDEN = 32;
    private static final int BIG_OUT = 10;

    private ClassArchiveTraining() {
    }

    /** {@code ClassArchiveTraining DIR}: runs the journey in DIR (made if missing); exits 0 if every step did. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ClassArchiveTraining WORK_DIR");
            System.exit(ExitCodes.USAGE);
        }
        String failure = run(Path.of(args[0]));
        if (failure != null) {
            System.err.println(failure);
            System.exit(ExitCodes.INTERNAL);
        }
        System.exit(ExitCodes.OK);
    }

    /** Runs every step in {@code dir}; null if all exited 0, else the first failing step and its error output. */
    static String run(Path dir) {
        Path onnx = dir.resolve("mlp.onnx");
        Path zk = dir.resolve("mlp.zk");
        Path input = dir.resolve("input.json");
        Path srs = dir.resolve("dev.ptau");
        Path keys = dir.resolve("keys");
        Path proof = dir.resolve("proof");
        Path bigOnnx = dir.resolve("big.onnx");
        Path bigInput = dir.resolve("big-input.json");
        Path bigKeys = dir.resolve("big-keys");
        try {
            Files.createDirectories(dir);
            Files.write(onnx, onnxMlp().toByteArray());
            Files.writeString(zk, zkMlp());
            Files.writeString(input, inputJson());
            Files.write(bigOnnx, onnxMlp(BIG_IN, BIG_HIDDEN, BIG_OUT).toByteArray());
            Files.writeString(bigInput, inputJson(BIG_IN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String[]> steps = List.of(
                new String[] {"compile", zk.toString(), "-O2", "--json", "--no-write"},
                new String[] {"mock", zk.toString(), "--input", input.toString()},
                new String[] {"srs", "--dev", "-k", "12", "-o", srs.toString()},
                new String[] {"setup", onnx.toString(), "-O2", "--srs", srs.toString(), "-o", keys.toString()},
                new String[] {"prove", onnx.toString(), "-O2", "--pk", keys.resolve("pk.bin").toString(),
                    "--input", input.toString(), "-o", proof.toString()},
                new String[] {"verify", "--vk", keys.resolve("vk.bin").toString(),
                    "--proof", proof.resolve("proof.bin").toString()},
                new String[] {"setup", bigOnnx.toString(), "-O2", "--srs", srs.toString(), "-o", bigKeys.toString()},
                new String[] {"prove", bigOnnx.toString(), "-O2", "--pk", bigKeys.resolve("pk.bin").toString(),
                    "--input", bigInput.toString(), "-o", dir.resolve("big-proof").toString()});
        for (String[] step : steps) {
            StringWriter err = new StringWriter();
            int code = Zkmlc.execute(step, new PrintWriter(new StringWriter()), new PrintWriter(err));
            if (code != ExitCodes.OK) {
                return "zkmlc " + String.join(" ", step) + ": exit " + code + "\n" + err;
            }
        }
        return null;
    }

    /** Gemm, Relu, Gemm as torch.onnx.export writes two Linear layers (weights [out, in], transB = 1). */
    static ModelProto onnxMlp() {
        return onnxMlp(IN, HIDDEN, OUT);
    }

    /** The same network with other layer sizes. */
    static ModelProto onnxMlp(int in, int hidden, int out) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("mlp")
                .addInput(ValueInfoProto.newBuilder().setName("input").setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                                .setShape(TensorShapeProto.newBuilder()
                                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(in))))))
                .addOutput(ValueInfoProto.newBuilder().setName("output"))
                .addInitializer(floats("w1", new long[] {hidden, in}))
                .addInitializer(floats("b1", new long[] {hidden}))
                .addInitializer(floats("w2", new long[] {out, hidden}))
                .addInitializer(floats("b2", new long[] {out}))
                .addNode(gemm("fc1", "input", "w1", "b1", "h"))
                .addNode(NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("h").addOutput("r"))
                .addNode(gemm("fc2", "r", "w2", "b2", "output"));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("zkmlc-class-archive").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
    }

    private static NodeProto gemm(String name, String x, String w, String b, String y) {
        return NodeProto.newBuilder().setName(name).setOpType("Gemm").addInput(x).addInput(w).addInput(b).addOutput(y)
                .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT)
                        .setI(1))
                .build();
    }

    /** Small weights in [-0.5, 0.5), spread deterministically, as raw little-endian floats like PyTorch stores them. */
    private static TensorProto floats(String name, long[] dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(spread(i + name.hashCode()));
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static float spread(int i) {
        return ((i * 37 + 11) & 63) / 64f - 0.5f;
    }

    /** The ONNX model's shapes as a program, with inline parameters so that it needs no weight files. */
    static String zkMlp() {
        StringBuilder s = new StringBuilder("import std.nn\n\nmodel mlp {\n    input x: [1, " + IN + "] private\n");
        s.append("    param w1: [").append(IN).append(", ").append(HIDDEN).append("] = ").append(values(IN * HIDDEN, 1))
                .append('\n');
        s.append("    param b1: [").append(HIDDEN).append("] = ").append(values(HIDDEN, 2)).append('\n');
        s.append("    param w2: [").append(HIDDEN).append(", ").append(OUT).append("] = ").append(values(HIDDEN * OUT, 3))
                .append('\n');
        s.append("    param b2: [").append(OUT).append("] = ").append(values(OUT, 4)).append('\n');
        s.append("    output y = dense(relu(dense(x, w1, b1)), w2, b2) public\n}\n");
        return s.toString();
    }

    private static String values(int n, int seed) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ", ").append(spread(i + 7 * seed));
        }
        return s.append(']').toString();
    }

    static String inputJson() {
        return inputJson(IN);
    }

    static String inputJson(int in) {
        StringBuilder s = new StringBuilder("{\"input_data\": [[");
        for (int i = 0; i < in; i++) {
            s.append(i == 0 ? "" : ", ").append(spread(3 * i + 5));
        }
        return s.append("]]}\n").toString();
    }
}
