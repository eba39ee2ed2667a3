package dev.tokenpose.bench;

import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.RandomWeights;
import dev.tokenpose.tf.TfHeatmapModel;
import dev.tokenpose.tf.TfSessionSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.tensorflow.proto.StepStats;

/** Measures a model's throughput at one batch size with the production model code and random weights. */
public final class ModelBench {

    /**
     * One measured point.
     *
     * @param variant configuration name
     * @param batch crops per call
     * @param cropsPerSecond throughput
     * @param gflopPerCrop 2 × multiply-accumulates of one crop, in GFLOP
     * @param callP50Ms median time of one call
     * @param callP95Ms 95th percentile of one call
     * @param calls calls measured
     * @param firstCallMs the first call at this batch size (graph optimisation and kernel set-up)
     */
    public record Point(
            String variant,
            int batch,
            double cropsPerSecond,
            double gflopPerCrop,
            double callP50Ms,
            double callP95Ms,
            long calls,
            double firstCallMs) {

        public double msPerCrop() {
            return 1000 / cropsPerSecond;
        }

        public double gflops() {
            return cropsPerSecond * gflopPerCrop;
        }
    }

    /**
     * One measured point and, when asked for, where its calls' time went.
     *
     * @param point the rates
     * @param profile op groups of {@link #PROFILE_CALLS} traced calls, or null when not profiled
     */
    public record Measurement(Point point, OpProfile profile) {}

    /** Traced calls per point when profiling, made after the timed ones: tracing adds its own cost to a call. */
    public static final int PROFILE_CALLS = 3;

    private ModelBench() {}

    /**
     * Builds the model once and measures each batch size after two warm-up calls.
     *
     * @param config the network
     * @param batches batch sizes to measure
     * @param settings TensorFlow session settings
     * @param seconds measuring time per batch size
     * @return one point per batch size, in order
     */
    public static Point[] measure(ModelConfig config, int[] batches, TfSessionSettings settings, double seconds) {
        return measure(config, batches, settings, seconds, false).stream()
                .map(Measurement::point)
                .toArray(Point[]::new);
    }

    /**
     * Builds the model once and measures each batch size after two warm-up calls; with
     * {@code profile}, then traces {@link #PROFILE_CALLS} more calls and groups their op times.
     *
     * @param config the network
     * @param batches batch sizes to measure
     * @param settings TensorFlow session settings
     * @param seconds measuring time per batch size
     * @param profile whether to trace calls and profile them by op group
     * @return one measurement per batch size, in order
     */
    public static List<Measurement> measure(
            ModelConfig config, int[] batches, TfSessionSettings settings, double seconds, boolean profile) {
        List<Measurement> out = new ArrayList<>();
        try (TfHeatmapModel model =
                TfHeatmapModel.create(config, new RandomWeights(config, 1), config.name() + "@random", settings)) {
            double gflop = 2.0 * model.macsPerCrop() / 1e9;
            int per = 3 * config.imageHeight() * config.imageWidth();
            for (int i = 0; i < batches.length; i++) {
                int batch = batches[i];
                float[] input = randomInput(batch * per);
                model.heatmaps(input, batch);
                model.heatmaps(input, batch);
                Histogram calls = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
                long start = System.nanoTime();
                long n = 0;
                while (n < 3 || System.nanoTime() - start < seconds * 1e9) {
                    long t = System.nanoTime();
                    model.heatmaps(input, batch);
                    calls.recordValue(System.nanoTime() - t);
                    n++;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                Point point = new Point(
                        config.name(),
                        batch,
                        n * batch / elapsed,
                        gflop,
                        calls.getValueAtPercentile(50) / 1e6,
                        calls.getValueAtPercentile(95) / 1e6,
                        n,
                        model.firstCallMillis().getOrDefault(batch, Double.NaN));
                out.add(new Measurement(point, profile ? profile(model, input, batch, PROFILE_CALLS) : null));
            }
        }
        return out;
    }

    /**
     * Traces calls and groups their op times; the FLOPs of the MatMul/BatchMatMul and Conv2D groups
     * are the model's multiply-accumulates of each kind, twice, times the batch.
     *
     * @param model the model, warmed up at this batch size
     * @param input {@code batch} crops
     * @param calls traced calls to average
     * @return the profile
     */
    static OpProfile profile(TfHeatmapModel model, float[] input, int batch, int calls) {
        List<StepStats> traces = new ArrayList<>();
        long nanos = 0;
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            traces.add(model.traceHeatmaps(input, batch));
            nanos += System.nanoTime() - t;
        }
        Map<OpGroup, Double> flops = new EnumMap<>(OpGroup.class);
        long conv = model.convMacsPerCrop();
        flops.put(OpGroup.MATMUL, 2.0 * (model.macsPerCrop() - conv) * batch);
        if (conv > 0) {
            flops.put(OpGroup.CONV2D, 2.0 * conv * batch);
        }
        return OpProfile.of(traces, nanos / 1e6 / calls, flops);
    }

    /**
     * What each further copy of a model costs: the process's resident set outside the Java heap
     * (resident minus committed heap, after a GC) after opening one, two, … copies, each after two
     * calls at {@code batch}. TensorFlow's memory is all native, and the heap's own growth and
     * shrinking would otherwise drown the smaller models.
     *
     * @return megabytes after each copy
     */
    public static long[] residentAfterCopies(ModelConfig config, int copies, int batch, TfSessionSettings settings) {
        List<TfHeatmapModel> open = new ArrayList<>();
        long[] out = new long[copies];
        try {
            float[] input = randomInput(batch * 3 * config.imageHeight() * config.imageWidth());
            for (int i = 0; i < copies; i++) {
                TfHeatmapModel model = TfHeatmapModel.create(
                        config, new RandomWeights(config, i + 1), config.name() + "@random", settings);
                open.add(model);
                model.heatmaps(input, batch);
                model.heatmaps(input, batch);
                System.gc();
                out[i] = ResidentMemory.megabytes() - Runtime.getRuntime().totalMemory() / (1 << 20);
            }
        } finally {
            open.forEach(TfHeatmapModel::close);
        }
        return out;
    }

    private static float[] randomInput(int n) {
        SplittableRandom r = new SplittableRandom(2);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return a;
    }
}
