package dev.tokenpose.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.tokenpose.io.HalfFloat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A TensorFlow.js graph model ({@code model.json} plus its weight shards) read into memory, and
 * converted into a frozen TensorFlow {@link GraphDef} that TensorFlow Java imports and runs.
 *
 * <p>Weights may be stored as float32, int32, float16 or affine-quantised uint8/uint16, as the
 * TFJS converter writes them. The conversion also repairs the TFJS-only op forms that TensorFlow's
 * CPU kernels reject: {@code _FusedConv2D} without {@code TArgs}, and
 * {@code FusedDepthwiseConv2dNative}, which is rewritten into depthwise convolution, bias and
 * activation.
 */
public final class TfjsGraphModel {

    /** Opens a weight shard named by a path relative to {@code model.json}. */
    @FunctionalInterface
    public interface ShardOpener {
        /**
         * @param path the shard's path as written in the weights manifest
         * @return its bytes
         * @throws IOException if the shard cannot be read
         */
        InputStream open(String path) throws IOException;
    }

    /**
     * One weight tensor, dequantised.
     *
     * @param name the Const node it fills
     * @param dtype the manifest dtype ({@code float32}, {@code int32} or {@code bool})
     * @param shape its shape
     * @param floats its values if float32, else null
     * @param ints its values if int32 or bool, else null
     */
    public record Weight(String name, String dtype, long[] shape, float[] floats, int[] ints) {

        /** Number of elements. */
        public int size() {
            return floats != null ? floats.length : ints.length;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root;
    private final Map<String, Weight> weights;

    private TfjsGraphModel(ObjectNode root, Map<String, Weight> weights) {
        this.root = root;
        this.weights = weights;
    }

    /**
     * Reads {@code model.json} and the shards beside it.
     *
     * @param modelJson the model's JSON file
     * @return the model
     * @throws NoSuchFileException if the file or a shard is missing
     * @throws IOException if a file cannot be read or is not a TFJS graph model
     */
    public static TfjsGraphModel read(Path modelJson) throws IOException {
        Path dir = modelJson.toAbsolutePath().getParent();
        try (InputStream in = Files.newInputStream(modelJson)) {
            return read(in, p -> Files.newInputStream(dir.resolve(p)));
        }
    }

    /**
     * Reads a model from the class path, its shards beside its JSON.
     *
     * @param loader the class loader to read with
     * @param jsonResource the resource path of {@code model.json}
     * @param usedBy who needs it, for the error message
     * @return the model
     * @throws java.io.FileNotFoundException if the JSON or a shard is not on the class path
     * @throws IOException if it cannot be read or is not a TFJS graph model
     */
    public static TfjsGraphModel readResource(ClassLoader loader, String jsonResource, String usedBy)
            throws IOException {
        String dir = jsonResource.substring(0, jsonResource.lastIndexOf('/') + 1);
        try (InputStream json = loader.getResourceAsStream(jsonResource)) {
            if (json == null) {
                throw new java.io.FileNotFoundException(
                        usedBy + ": its model " + jsonResource + " is not on the class path");
            }
            return read(json, shard -> {
                InputStream in = loader.getResourceAsStream(dir + shard);
                if (in == null) {
                    throw new java.io.FileNotFoundException(
                            usedBy + ": the weight shard " + dir + shard + " is not on the class path");
                }
                return in;
            });
        }
    }

    /**
     * Reads a model from streams.
     *
     * @param modelJson the model's JSON
     * @param shards opens the shards the manifest names
     * @return the model
     * @throws IOException if something cannot be read or is not a TFJS graph model
     */
    public static TfjsGraphModel read(InputStream modelJson, ShardOpener shards) throws IOException {
        JsonNode parsed = JSON.readTree(modelJson);
        if (!(parsed instanceof ObjectNode root) || !root.has("modelTopology") || !root.has("weightsManifest")) {
            throw new IOException("not a TFJS graph model: modelTopology or weightsManifest is missing");
        }
        Map<String, Weight> weights = new LinkedHashMap<>();
        for (JsonNode group : root.get("weightsManifest")) {
            ByteArrayOutputStream concat = new ByteArrayOutputStream();
            for (JsonNode path : group.get("paths")) {
                try (InputStream in = shards.open(path.asText())) {
                    in.transferTo(concat);
                }
            }
            ByteBuffer buf = ByteBuffer.wrap(concat.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode spec : group.get("weights")) {
                Weight w = readWeight(spec, buf);
                weights.put(w.name(), w);
            }
            if (buf.hasRemaining()) {
                throw new IOException("weight shards have " + buf.remaining() + " bytes more than the manifest names");
            }
        }
        return new TfjsGraphModel(root, weights);
    }

    private static Weight readWeight(JsonNode spec, ByteBuffer buf) throws IOException {
        String name = spec.get("name").asText();
        String dtype = spec.get("dtype").asText();
        long[] shape = new long[spec.get("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = spec.get("shape").get(i).asLong();
            count *= shape[i];
        }
        int n = Math.toIntExact(count);
        JsonNode q = spec.get("quantization");
        String stored = q == null ? dtype : q.get("dtype").asText();
        int bytes = switch (stored) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8", "bool" -> 1;
            default -> throw new IOException("weight " + name + " has an unsupported storage type " + stored);
        };
        if (buf.remaining() < (long) n * bytes) {
            throw new IOException("weight shards end inside weight " + name);
        }
        double scale = q != null && q.has("scale") ? q.get("scale").asDouble() : 1;
        double min = q != null && q.has("min") ? q.get("min").asDouble() : 0;
        boolean floating = dtype.equals("float32");
        if (!floating && !dtype.equals("int32") && !dtype.equals("bool")) {
            throw new IOException("weight " + name + " has an unsupported dtype " + dtype);
        }
        float[] f = floating ? new float[n] : null;
        int[] v = floating ? null : new int[n];
        for (int i = 0; i < n; i++) {
            double x = switch (stored) {
                case "float32" -> buf.getFloat();
                case "int32" -> buf.getInt();
                case "float16" -> HalfFloat.toFloat(buf.getShort());
                case "uint16" -> (buf.getShort() & 0xffff) * scale + min;
                case "uint8" -> (buf.get() & 0xff) * scale + min;
                default -> buf.get() & 0xff;
            };
            if (floating) {
                f[i] = (float) x;
            } else {
                v[i] = (int) Math.round(x);
            }
        }
        return new Weight(name, dtype, shape, f, v);
    }

    /** The weights by name, in manifest order (read-only). */
    public Map<String, Weight> weights() {
        return Collections.unmodifiableMap(weights);
    }

    /**
     * Builds the frozen graph: every Const node gets its weight.
     *
     * @return the graph definition
     * @throws IllegalStateException if the topology names an unsupported attribute form or a
     *     weight fills no node
     */
    public GraphDef toGraphDef() {
        JsonNode topology = root.get("modelTopology");
        GraphDef.Builder graph = GraphDef.newBuilder();
        List<String> unused = new ArrayList<>(weights.keySet());
        for (JsonNode n : topology.get("node")) {
            NodeDef.Builder node = NodeDef.newBuilder()
                    .setName(n.get("name").asText())
                    .setOp(n.get("op").asText());
            if (n.has("input")) {
                n.get("input").forEach(i -> node.addInput(i.asText()));
            }
            if (n.has("attr")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.get("attr").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    node.putAttr(e.getKey(), attr(node.getName(), e.getKey(), e.getValue()));
                }
            }
            if (node.getOp().equals("Const") && weights.containsKey(node.getName())) {
                fillConst(node, weights.get(node.getName()));
                unused.remove(node.getName());
            }
            addRepaired(graph, node.build());
        }
        if (!unused.isEmpty()) {
            throw new IllegalStateException("weights fill no Const node: " + unused);
        }
        if (topology.has("versions") && topology.get("versions").has("producer")) {
            graph.getVersionsBuilder()
                    .setProducer(topology.get("versions").get("producer").asInt());
        }
        return graph.build();
    }

    /** Adds a node, rewriting the op forms that TFJS writes but TensorFlow cannot run. */
    private static void addRepaired(GraphDef.Builder graph, NodeDef node) {
        switch (node.getOp()) {
            case "_FusedConv2D" -> {
                // TensorFlow's op definition requires TArgs, which TFJS leaves out.
                if (!node.containsAttr("TArgs")) {
                    AttrValue.ListValue.Builder types = AttrValue.ListValue.newBuilder();
                    long args = node.containsAttr("num_args")
                            ? node.getAttrOrThrow("num_args").getI()
                            : 0;
                    for (long i = 0; i < args; i++) {
                        types.addType(node.getAttrOrThrow("T").getType());
                    }
                    node = node.toBuilder()
                            .putAttr(
                                    "TArgs",
                                    AttrValue.newBuilder().setList(types).build())
                            .build();
                }
                graph.addNode(node);
            }
            case "FusedDepthwiseConv2dNative" -> rewriteFusedDepthwise(graph, node);
            default -> graph.addNode(node);
        }
    }

    /**
     * Replaces TFJS's fused depthwise convolution (no CPU kernel in TensorFlow) by its parts; the
     * last part keeps the original name so that consumers still resolve.
     */
    private static void rewriteFusedDepthwise(GraphDef.Builder graph, NodeDef fused) {
        List<String> ops = new ArrayList<>();
        if (fused.containsAttr("fused_ops")) {
            fused.getAttrOrThrow("fused_ops").getList().getSList().forEach(s -> ops.add(s.toStringUtf8()));
        }
        AttrValue type = fused.getAttrOrThrow("T");
        NodeDef.Builder conv = NodeDef.newBuilder()
                .setName(fused.getName() + "/depthwise")
                .setOp("DepthwiseConv2dNative")
                .addInput(fused.getInput(0))
                .addInput(fused.getInput(1))
                .putAttr("T", type);
        for (String a : List.of("strides", "padding", "data_format", "dilations")) {
            if (fused.containsAttr(a)) {
                conv.putAttr(a, fused.getAttrOrThrow(a));
            }
        }
        List<NodeDef.Builder> chain = new ArrayList<>(List.of(conv));
        int arg = 2;
        for (String op : ops) {
            String prev = chain.get(chain.size() - 1).getName();
            NodeDef.Builder next = NodeDef.newBuilder()
                    .setName(fused.getName() + "/" + op)
                    .addInput(prev)
                    .putAttr("T", type);
            switch (op) {
                case "BiasAdd" -> next.setOp("BiasAdd").addInput(fused.getInput(arg++));
                case "Relu", "Relu6" -> next.setOp(op);
                default ->
                    throw new IllegalStateException("node " + fused.getName() + " fuses an unsupported op " + op);
            }
            chain.add(next);
        }
        chain.get(chain.size() - 1).setName(fused.getName());
        chain.forEach(b -> graph.addNode(b.build()));
    }

    private static void fillConst(NodeDef.Builder node, Weight w) {
        DataType dtype = node.getAttrOrThrow("dtype").getType();
        int n = w.size();
        // The node's dtype wins: TFJS stores int64 and double constants as int32 and float32.
        ByteBuffer buf = switch (dtype) {
            case DT_FLOAT, DT_INT32 -> ByteBuffer.allocate(n * 4);
            case DT_INT64, DT_DOUBLE -> ByteBuffer.allocate(n * 8);
            case DT_BOOL -> ByteBuffer.allocate(n);
            default -> throw new IllegalStateException("Const " + w.name() + " has an unsupported dtype " + dtype);
        };
        buf.order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            double x = w.floats() != null ? w.floats()[i] : w.ints()[i];
            switch (dtype) {
                case DT_FLOAT -> buf.putFloat((float) x);
                case DT_INT32 -> buf.putInt((int) x);
                case DT_INT64 -> buf.putLong((long) x);
                case DT_DOUBLE -> buf.putDouble(x);
                default -> buf.put((byte) (x != 0 ? 1 : 0));
            }
        }
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : w.shape()) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        node.putAttr(
                "value",
                AttrValue.newBuilder()
                        .setTensor(TensorProto.newBuilder()
                                .setDtype(dtype)
                                .setTensorShape(shape)
                                .setTensorContent(ByteString.copyFrom(buf.array())))
                        .build());
    }

    private static AttrValue attr(String node, String key, JsonNode v) {
        AttrValue.Builder a = AttrValue.newBuilder();
        if (v.has("type")) {
            a.setType(DataType.valueOf(v.get("type").asText()));
        } else if (v.has("shape")) {
            a.setShape(shape(v.get("shape")));
        } else if (v.has("i")) {
            a.setI(v.get("i").asLong());
        } else if (v.has("f")) {
            a.setF((float) v.get("f").asDouble());
        } else if (v.has("b")) {
            a.setB(v.get("b").asBoolean());
        } else if (v.has("s")) {
            a.setS(ByteString.copyFrom(Base64.getDecoder().decode(v.get("s").asText())));
        } else if (v.has("tensor")) {
            JsonNode t = v.get("tensor");
            a.setTensor(TensorProto.newBuilder()
                    .setDtype(DataType.valueOf(t.get("dtype").asText()))
                    .setTensorShape(shape(t.path("tensorShape"))));
        } else if (v.has("list")) {
            JsonNode l = v.get("list");
            AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
            l.path("i").forEach(x -> list.addI(x.asLong()));
            l.path("f").forEach(x -> list.addF((float) x.asDouble()));
            l.path("b").forEach(x -> list.addB(x.asBoolean()));
            l.path("s")
                    .forEach(x ->
                            list.addS(ByteString.copyFrom(Base64.getDecoder().decode(x.asText()))));
            l.path("type").forEach(x -> list.addType(DataType.valueOf(x.asText())));
            l.path("shape").forEach(x -> list.addShape(shape(x)));
            a.setList(list);
        } else {
            throw new IllegalStateException("node " + node + " has an unsupported form of attribute " + key + ": " + v);
        }
        return a.build();
    }

    private static TensorShapeProto shape(JsonNode s) {
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        if (s.path("unknownRank").asBoolean(false)) {
            return b.setUnknownRank(true).build();
        }
        // Proto3 JSON leaves a zero size out, so an empty dim object is a dimension of size 0.
        s.path("dim")
                .forEach(d -> b.addDim(
                        TensorShapeProto.Dim.newBuilder().setSize(d.path("size").asLong(0))));
        return b.build();
    }

    /** The {@code model.json} this model was read from, without its weights manifest: a copy to change. */
    ObjectNode modelJson() {
        ObjectNode copy = root.deepCopy();
        copy.remove("weightsManifest");
        return copy;
    }
}
