package dev.tokenpose.tfjs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command line tool that writes a uint8-quantised copy of a TensorFlow.js graph model: how the
 * bundled NanoDet model was made from the npm package's float16 original.
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
            model.writeQuantized(json, name, minElements, SHARD_BYTES, (shard, bytes) -> Files.write(outDir.resolve(shard), bytes));
        }
    }
}
