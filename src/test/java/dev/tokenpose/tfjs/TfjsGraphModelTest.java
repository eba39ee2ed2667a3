package dev.tokenpose.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

class TfjsGraphModelTest {

    private static final int BIG = 300;

    /**
     * y = reshape(relu(depthwise(x, w) + b), shape) on a 2×2 one-channel input, in the forms TFJS writes:
     * a fused depthwise op, a float16 filter, a uint8 bias, an int64 constant stored as int32, and an
     * unused float32 weight of {@value #BIG} values.
     */
    private static String modelJson() {
        String valid = b64("VALID");
        String nhwc = b64("NHWC");
        return """
            {"format": "graph-model", "generatedBy": "test",
             "modelTopology": {"node": [
              {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
                "shape": {"shape": {"dim": [{"size": "1"}, {"size": "2"}, {"size": "2"}, {"size": "1"}]}}}},
              {"name": "w", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}, "value": {"tensor":
                {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "1"}, {"size": "1"}, {"size": "1"}]}}}}},
              {"name": "b", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}, "value": {"tensor":
                {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}]}}}}},
              {"name": "big", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}, "value": {"tensor":
                {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "%d"}]}}}}},
              {"name": "shape", "op": "Const", "attr": {"dtype": {"type": "DT_INT64"}, "value": {"tensor":
                {"dtype": "DT_INT64", "tensorShape": {"dim": [{"size": "2"}]}}}}},
              {"name": "y", "op": "FusedDepthwiseConv2dNative", "input": ["x", "w", "b"], "device": "/device:CPU:0",
               "attr": {"T": {"type": "DT_FLOAT"}, "num_args": {"i": "1"},
                "strides": {"list": {"i": ["1", "1", "1", "1"]}}, "dilations": {"list": {"i": ["1", "1", "1", "1"]}},
                "padding": {"s": "%s"}, "data_format": {"s": "%s"}, "explicit_paddings": {"list": {}},
                "fused_ops": {"list": {"s": ["%s", "%s"]}}}},
              {"name": "out", "op": "Reshape", "input": ["y", "shape"],
               "attr": {"T": {"type": "DT_FLOAT"}, "Tshape": {"type": "DT_INT64"}}}
             ], "library": {}, "versions": {"producer": 808}},
             "weightsManifest": [{"paths": ["group1-shard1of2.bin", "group1-shard2of2.bin"], "weights": [
              {"name": "w", "shape": [1, 1, 1, 1], "dtype": "float32", "quantization": {"dtype": "float16"}},
              {"name": "b", "shape": [1], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.5}},
              {"name": "big", "shape": [%d], "dtype": "float32"},
              {"name": "shape", "shape": [2], "dtype": "int32"}
             ]}]}
            """.formatted(BIG, valid, nhwc, b64("BiasAdd"), b64("Relu"), BIG);
    }

    private static byte[] weightBytes() {
        ByteBuffer buf = ByteBuffer.allocate(2 + 1 + 4 * BIG + 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort((short) 0x4000); // 2.0 as float16
        buf.put((byte) 1); // 1 · 0.5 − 1 = −0.5
        for (int i = 0; i < BIG; i++) {
            buf.putFloat(bigValue(i));
        }
        buf.putInt(1).putInt(4);
        return buf.array();
    }

    private static float bigValue(int i) {
        return (float) Math.sin(i * 0.37) * 3 - 1;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static TfjsGraphModel model() throws IOException {
        byte[] all = weightBytes();
        // Two shards: the reader concatenates them in manifest order.
        byte[] first = java.util.Arrays.copyOfRange(all, 0, 7);
        byte[] second = java.util.Arrays.copyOfRange(all, 7, all.length);
        Map<String, byte[]> shards = Map.of("group1-shard1of2.bin", first, "group1-shard2of2.bin", second);
        return TfjsGraphModel.read(
                new ByteArrayInputStream(modelJson().getBytes(StandardCharsets.UTF_8)),
                p -> new ByteArrayInputStream(shards.get(p)));
    }

    private static float[] run(GraphDef def, float[] x) {
        try (Graph g = new Graph()) {
            g.importGraphDef(def);
            try (Session s = new Session(g);
                    TFloat32 in = TFloat32.tensorOf(Shape.of(1, 2, 2, 1), DataBuffers.of(x, true, false));
                    Result r = s.runner().feed("x", in).fetch("out").run()) {
                TFloat32 out = (TFloat32) r.get(0);
                assertThat(out.shape().asArray()).containsExactly(1, 4);
                float[] a = new float[4];
                out.copyTo(DataBuffers.of(a, false, false));
                return a;
            }
        }
    }

    @Test
    void convertedGraphRunsTheFusedDepthwiseConvolutionWithDequantisedWeights() throws IOException {
        float[] y = run(model().toGraphDef(), new float[] {1, -1, 0.25f, 3});
        assertThat(y).containsExactly(1.5f, 0f, 0f, 5.5f);
    }

    @Test
    void fusedDepthwiseConvolutionIsSplitIntoOpsTheCpuRuns() throws IOException {
        GraphDef def = model().toGraphDef();
        assertThat(def.getNodeList())
                .extracting(NodeDef::getOp)
                .contains("DepthwiseConv2dNative", "BiasAdd", "Relu")
                .doesNotContain("FusedDepthwiseConv2dNative");
        assertThat(def.getNodeList())
                .filteredOn(n -> n.getName().equals("y"))
                .extracting(NodeDef::getOp)
                .containsExactly("Relu");
    }

    @Test
    void quantisedCopySplitsIntoShardsThatReadBackAsOne(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Map<String, byte[]> shards = new java.util.LinkedHashMap<>();
        TfjsModelQuantizer.write(model(), json, "q", 100, 50, shards::put);
        int total = 2 + 2 + BIG + 8;
        int count = (total + 49) / 50;
        assertThat(shards).hasSize(count).containsKey("q-shard1of" + count + ".bin");
        assertThat(shards.values().stream().mapToInt(b -> b.length).sum()).isEqualTo(total);
        assertThat(shards.values()).allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(50));
        Files.write(dir.resolve("q.json"), json.toByteArray());
        for (var e : shards.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        assertThat(run(TfjsGraphModel.read(dir.resolve("q.json")).toGraphDef(), new float[] {1, -1, 0.25f, 3}))
                .containsExactly(1.5f, 0f, 0f, 5.5f);
    }

    @Test
    void int64ConstantsStoredAsInt32AreWidened() throws IOException {
        NodeDef shape = model().toGraphDef().getNodeList().stream()
                .filter(n -> n.getName().equals("shape"))
                .findFirst()
                .orElseThrow();
        assertThat(shape.getAttrOrThrow("value").getTensor().getDtype()).isEqualTo(DataType.DT_INT64);
        assertThat(shape.getAttrOrThrow("value").getTensor().getTensorContent().size())
                .isEqualTo(16);
    }

    @Test
    void quantisedCopyKeepsSmallWeightsExactAndLargeOnesWithinHalfAStep(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Map<String, byte[]> shards = new java.util.LinkedHashMap<>();
        TfjsModelQuantizer.write(model(), json, "q", 100, 1 << 20, shards::put);
        assertThat(shards).containsOnlyKeys("q.bin");
        assertThat(shards.get("q.bin")).hasSize(2 + 2 + BIG + 8);
        Files.write(dir.resolve("q.json"), json.toByteArray());
        Files.write(dir.resolve("q.bin"), shards.get("q.bin"));

        TfjsGraphModel copy = TfjsGraphModel.read(dir.resolve("q.json"));
        float[] big = copy.weights().get("big").floats();
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (int i = 0; i < BIG; i++) {
            lo = Math.min(lo, bigValue(i));
            hi = Math.max(hi, bigValue(i));
        }
        double halfStep = (hi - lo) / 255.0 / 2;
        for (int i = 0; i < BIG; i++) {
            assertThat((double) big[i]).isCloseTo(bigValue(i), within(halfStep + 1e-6));
        }
        assertThat(copy.weights().get("b").floats()).containsExactly(-0.5f);
        assertThat(run(copy.toGraphDef(), new float[] {1, -1, 0.25f, 3})).containsExactly(1.5f, 0f, 0f, 5.5f);
    }

    @Test
    void missingShardIsReportedByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("model.json"), modelJson());
        assertThatThrownBy(() -> TfjsGraphModel.read(dir.resolve("model.json")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("group1-shard1of2.bin");
    }

    @Test
    void jsonWithoutTopologyIsRejected() {
        InputStream json = new ByteArrayInputStream("{\"format\": \"layers-model\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> TfjsGraphModel.read(json, p -> InputStream.nullInputStream()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a TFJS graph model");
    }
}
