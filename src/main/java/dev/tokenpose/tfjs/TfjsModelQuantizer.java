package dev.tokenpose.tfjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.io.HalfFloat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a uint8-quantised copy of a TensorFlow.js graph model, as a call and as a command line
 * tool: how the bundled NanoDet model was made from the npm package's float16 original.
 *
 * <p>Usage: {@code TfjsModelQuantizer <model.json> <out-dir> <name> [min-elements]}; writes
 * {@code <out-dir>/<name>.json} and its weight shards of at most 4 MiB beside it. Float weights with at least
 * {@code min-elements} values (default {@value #DEFAULT_MIN_ELEMENTS}) become uint8, smaller ones
 * (biases) stay float16, integer ones are copied.
 */
public final class TfjsModelQuantizer {

    /** Below this many values a weight stays float16: biases cost little and are the most sensitive. */
    public static final int DEFAULT_MIN_ELEMENTS = 1024;

    /** The TFJS converter's default shard size, which also keeps every file of the repository small. */
    public static final int SHARD_BYTES = 4 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsModelQuantizer() {}

    /**
     * Runs the tool.
     *
     * @param args model.json, output directory, output base name, optional minimum element count
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: TfjsModelQuantizer <model.json> <out-dir> <name> [min-elements]");
            System.exit(2);
        }
        int minElements = args.length == 4 ? Integer.parseInt(args[3]) : DEFAULT_MIN_ELEMENTS;
        quantize(Path.of(args[0]), Path.of(args[1]), args[2], minElements);
    }

    /**
     * Writes the quantised copy.
     *
     * @param modelJson the source model
     * @param outDir the directory to write into (created if missing)
     * @param name base name of the two files written
     * @param minElements float weights with at least this many values become uint8
     * @throws IOException if reading or writing fails
     */
    public static void quantize(Path modelJson, Path outDir, String name, int minElements) throws IOException {
        TfjsGraphModel model = TfjsGraphModel.read(modelJson);
        Files.createDirectories(outDir);
        try (OutputStream json = Files.newOutputStream(outDir.resolve(name + ".json"))) {
            write(
                    model,
                    json,
                    name,
                    minElements,
                    SHARD_BYTES,
                    (shard, bytes) -> Files.write(outDir.resolve(shard), bytes));
        }
    }

    /** Receives one weight shard of a written model. */
    @FunctionalInterface
    public interface ShardSink {
        /**
         * @param name the shard's file name, as the manifest names it
         * @param bytes its contents
         * @throws IOException if it cannot be written
         */
        void write(String name, byte[] bytes) throws IOException;
    }

    /**
     * Writes a copy whose large float weights are stored as affine uint8 ({@code value = q · scale +
     * min}, the TFJS converter's own quantisation) and whose small ones as float16. The weights are
     * cut into shards of at most {@code shardBytes} (the converter's default is 4 MiB): one shard is
     * named {@code <baseName>.bin}, several {@code <baseName>-shard<i>of<n>.bin}.
     *
     * @param model the model to copy
     * @param json receives {@code model.json}
     * @param baseName the shards' base file name
     * @param minElementsForUint8 float weights with at least this many elements are quantised to uint8
     * @param shardBytes the largest shard size
     * @param shards receives the shards
     * @throws IOException if writing fails
     */
    public static void write(
            TfjsGraphModel model,
            OutputStream json,
            String baseName,
            int minElementsForUint8,
            int shardBytes,
            ShardSink shards)
            throws IOException {
        ArrayNode specs = JSON.createArrayNode();
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        for (TfjsGraphModel.Weight w : model.weights().values()) {
            ObjectNode spec = specs.addObject().put("name", w.name());
            ArrayNode shape = spec.putArray("shape");
            for (long d : w.shape()) {
                shape.add(d);
            }
            spec.put("dtype", w.dtype());
            if (w.floats() == null) {
                ByteBuffer b = ByteBuffer.allocate(w.size() * (w.dtype().equals("bool") ? 1 : 4))
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (int v : w.ints()) {
                    if (w.dtype().equals("bool")) {
                        b.put((byte) v);
                    } else {
                        b.putInt(v);
                    }
                }
                bin.write(b.array());
            } else if (w.size() >= minElementsForUint8) {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (float v : w.floats()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                double scale = hi > lo ? (hi - lo) / 255.0 : 1;
                spec.putObject("quantization")
                        .put("dtype", "uint8")
                        .put("min", lo)
                        .put("scale", scale);
                for (float v : w.floats()) {
                    bin.write((int) Math.max(0, Math.min(255, Math.round((v - lo) / scale))));
                }
            } else {
                spec.putObject("quantization").put("dtype", "float16");
                ByteBuffer b = ByteBuffer.allocate(w.size() * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : w.floats()) {
                    b.putShort(HalfFloat.fromFloat(v));
                }
                bin.write(b.array());
            }
        }
        byte[] all = bin.toByteArray();
        int count = Math.max(1, (all.length + shardBytes - 1) / shardBytes);
        ObjectNode out = model.modelJson();
        ArrayNode manifest = out.putArray("weightsManifest");
        ObjectNode group = manifest.addObject();
        ArrayNode paths = group.putArray("paths");
        for (int i = 0; i < count; i++) {
            String name = count == 1 ? baseName + ".bin" : baseName + "-shard" + (i + 1) + "of" + count + ".bin";
            paths.add(name);
            int from = i * shardBytes;
            shards.write(name, Arrays.copyOfRange(all, from, Math.min(all.length, from + shardBytes)));
        }
        group.set("weights", specs);
        JSON.writeValue(json, out);
    }
}
