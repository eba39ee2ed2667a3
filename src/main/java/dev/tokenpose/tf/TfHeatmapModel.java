package dev.tokenpose.tf;

import dev.tokenpose.HeatmapModel;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.WeightSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TFloat32;

/**
 * A TokenPose network as a TensorFlow graph and session, built once from a configuration and
 * weights; every call feeds one batch and fetches the heatmaps.
 */
public final class TfHeatmapModel implements HeatmapModel {

    /** Name of the input placeholder in the graph. */
    public static final String INPUT = "input";

    private final ModelConfig config;
    private final String identity;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final TokenPoseGraph outputs;
    private final Operand<TFloat32> keypoints;
    /** Duration of the first call per batch size, in ns: graph optimisation, kernel set-up, any XLA compile. */
    private final Map<Integer, Long> firstCallNanos = new ConcurrentHashMap<>();

    private TfHeatmapModel(
            ModelConfig config,
            String identity,
            Graph graph,
            Session session,
            Placeholder<TFloat32> input,
            TokenPoseGraph outputs,
            Operand<TFloat32> keypoints) {
        this.config = config;
        this.identity = identity;
        this.graph = graph;
        this.session = session;
        this.input = input;
        this.outputs = outputs;
        this.keypoints = keypoints;
    }

    /**
     * Builds the graph and opens a session.
     *
     * @param config network configuration
     * @param weights parameters (a checkpoint, or random for benchmarks)
     * @param identity variant and weights digest, reported by {@link #identity()}
     * @param settings TensorFlow session settings
     * @return the model; close it when done
     */
    public static TfHeatmapModel create(
            ModelConfig config, WeightSource weights, String identity, TfSessionSettings settings) {
        return create(config, weights, identity, settings, Set.of());
    }

    static TfHeatmapModel create(
            ModelConfig config,
            WeightSource weights,
            String identity,
            TfSessionSettings settings,
            Set<Deviation> deviations) {
        Graph graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> in = tf.withName(INPUT)
                    .placeholder(
                            TFloat32.class,
                            Placeholder.shape(Shape.of(-1, 3, config.imageHeight(), config.imageWidth())));
            TokenPoseGraph out = TokenPoseGraph.build(tf, in, config, weights, deviations);
            tf.withName("heatmaps").identity(out.heatmaps());
            Operand<TFloat32> keypoints = tf.withName("keypoints")
                    .identity(ArgmaxDecoder.build(
                            tf, out.heatmaps(), config.numJoints(), config.heatmapHeight(), config.heatmapWidth()));
            Session session = new Session(graph, settings.toConfigProto());
            return new TfHeatmapModel(config, identity, graph, session, in, out, keypoints);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public float[] heatmaps(float[] input, int batch) {
        return run(input, batch, Map.of("heatmaps", outputs.heatmaps()), null).get("heatmaps");
    }

    /**
     * Runs the network once with TensorFlow's full trace and returns the trace: the start and
     * duration of every node the runtime executed, under the names and op types it ran (after
     * Grappler's and oneDNN's rewrites, e.g. {@code _MklNativeFusedMatMul}). Tracing adds its
     * own cost to the call; time the rates with {@link #heatmaps}.
     *
     * @param input normalised RGB crops, NCHW float32 [batch, 3, H, W] in C order
     * @param batch number of crops
     * @return the call's step statistics
     * @throws IllegalArgumentException if {@code input} does not hold {@code batch} crops of the model's size
     * @throws IllegalStateException if TensorFlow returned no trace
     */
    public StepStats traceHeatmaps(float[] input, int batch) {
        RunMetadata[] metadata = new RunMetadata[1];
        run(input, batch, Map.of("heatmaps", outputs.heatmaps()), metadata);
        if (metadata[0] == null || !metadata[0].hasStepStats()) {
            throw new IllegalStateException("TensorFlow returned no step statistics for a traced call");
        }
        return metadata[0].getStepStats();
    }

    /**
     * Runs the network and fetches its intermediates too (for conformance checks).
     *
     * @return heatmaps [B,K,Hh,Wh], features (NCHW [B,C,h,w]), tokens_in and tokens_out [B,K+P,D]
     */
    public Map<String, float[]> intermediates(float[] input, int batch) {
        Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>();
        fetch.put("heatmaps", outputs.heatmaps());
        fetch.put("features", outputs.features());
        fetch.put("tokens_in", outputs.tokensIn());
        fetch.put("tokens_out", outputs.tokensOut());
        Map<String, float[]> out = run(input, batch, fetch, null);
        out.put(
                "features",
                nhwcToNchw(
                        out.get("features"),
                        batch,
                        (int) outputs.features().shape().get(1),
                        (int) outputs.features().shape().get(2),
                        (int) outputs.features().shape().get(3)));
        return out;
    }

    /** @param trace null for a plain call, else receives the call's full trace in its only cell */
    private Map<String, float[]> run(
            float[] data, int batch, Map<String, Operand<TFloat32>> fetch, RunMetadata[] trace) {
        long per = 3L * config.imageHeight() * config.imageWidth();
        if (batch < 1 || data.length != per * batch) {
            throw new IllegalArgumentException("input holds " + data.length + " values; " + batch + " crops of 3x"
                    + config.imageHeight() + "x" + config.imageWidth() + " need " + per * batch);
        }
        Shape shape = Shape.of(batch, 3, config.imageHeight(), config.imageWidth());
        boolean first = !firstCallNanos.containsKey(batch);
        long start = System.nanoTime();
        try (TFloat32 x = TFloat32.tensorOf(shape, DataBuffers.of(data, true, false))) {
            Session.Runner runner = session.runner().feed(input, x);
            fetch.values().forEach(runner::fetch);
            if (trace != null) {
                runner.setOptions(RunOptions.newBuilder()
                        .setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
                        .build());
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            try (Result result = trace != null ? runner.runAndFetchMetadata() : runner.run()) {
                if (trace != null) {
                    trace[0] = result.getMetadata().orElse(null);
                }
                int i = 0;
                for (String name : fetch.keySet()) {
                    out.put(name, toArray((TFloat32) result.get(i++)));
                }
            }
            if (first) {
                firstCallNanos.putIfAbsent(batch, System.nanoTime() - start);
            }
            return out;
        }
    }

    private static float[] toArray(TFloat32 t) {
        float[] a = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(a, false, false));
        return a;
    }

    private static float[] nhwcToNchw(float[] a, int b, int h, int w, int c) {
        float[] out = new float[a.length];
        for (int n = 0; n < b; n++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int src = ((n * h + y) * w + x) * c;
                    for (int ch = 0; ch < c; ch++) {
                        out[((n * c + ch) * h + y) * w + x] = a[src + ch];
                    }
                }
            }
        }
        return out;
    }

    /**
     * The cost of warming up: milliseconds taken by the first call of each batch size so far. The
     * first call of a session also optimises the graph; every new batch size sets up its oneDNN
     * kernels (and compiles anew under XLA).
     */
    public Map<Integer, Double> firstCallMillis() {
        Map<Integer, Double> out = new TreeMap<>();
        firstCallNanos.forEach((batch, nanos) -> out.put(batch, nanos / 1e6));
        return out;
    }

    /** Multiply-accumulates of one crop (convolutions, linear layers, attention products). */
    public long macsPerCrop() {
        return outputs.macsPerCrop();
    }

    /**
     * The part of {@link #macsPerCrop()} in convolutions (the CNN front end); the rest is in matrix
     * products (MatMul and BatchMatMul).
     */
    public long convMacsPerCrop() {
        return outputs.convMacsPerCrop();
    }

    /** The graph, for export. */
    Graph graph() {
        return graph;
    }

    Session session() {
        return session;
    }

    Placeholder<TFloat32> input() {
        return input;
    }

    TokenPoseGraph outputs() {
        return outputs;
    }

    Operand<TFloat32> keypoints() {
        return keypoints;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
