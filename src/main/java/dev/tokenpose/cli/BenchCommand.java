package dev.tokenpose.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenpose.bench.MatMulRoofline;
import dev.tokenpose.bench.ModelBench;
import dev.tokenpose.bench.ModelBench.Measurement;
import dev.tokenpose.bench.ModelBench.Point;
import dev.tokenpose.bench.OpProfile;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.tf.CpuDescription;
import dev.tokenpose.tf.TfSessionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.tensorflow.TensorFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenpose bench}: model throughput against this machine's matmul roofline, in one run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Measure crops/s per variant and batch size against this machine's fp32 MatMul roofline.")
final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--variants",
            split = ",",
            defaultValue = "student,T,S-v1,B",
            description =
                    "Presets, experiment YAMLs or 'student' (the bundled model) to measure (default: ${DEFAULT-VALUE}).")
    List<String> variants;

    @Option(
            names = "--batches",
            split = ",",
            defaultValue = "1,8,32",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "Measuring time per point, after warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Mixin
    ThreadOptions threads;

    @Option(
            names = "--bf16",
            description = "oneDNN bfloat16 mixed precision (faster on AVX512_BF16/AMX CPUs; heatmaps move by ~0.05).")
    boolean bf16;

    @Option(names = "--xla", description = "XLA JIT compilation of the graph.")
    boolean xla;

    @Option(
            names = "--model-copies",
            defaultValue = "0",
            paramLabel = "K",
            description =
                    "Also open K copies of each variant and report the resident memory each further copy adds (default: ${DEFAULT-VALUE}).")
    int modelCopies;

    @Option(
            names = "--profile",
            description =
                    "Also trace " + ModelBench.PROFILE_CALLS
                            + " calls per variant and batch and show where their time goes by op group"
                            + " (MatMul/BatchMatMul, Conv2D, LayerNorm, Softmax, GELU/Erf, Transpose/Reshape, Add, others): ms per call, share, GFLOP/s.")
    boolean profile;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1) || seconds <= 0) {
            throw new IllegalArgumentException("--batches must be positive integers and --seconds positive");
        }
        variants.forEach(ModelConfigs::resolve);
        TfSessionSettings settings = new TfSessionSettings(threads.intraOpThreads, threads.interOpThreads)
                .withBfloat16(bf16)
                .withXla(xla);
        int[] bs = batches.stream().mapToInt(Integer::intValue).toArray();
        CpuDescription cpu = CpuDescription.current();
        boolean oneDnn = cpu.oneDnnOn(System.getenv());
        System.out.printf(
                Locale.ROOT,
                "cpu: %s, TensorFlow %s, oneDNN %s%n",
                cpu.summary(),
                TensorFlow.version(),
                oneDnn ? "on" : "off");
        // First, in a fresh process: memory freed by earlier models stays with the allocator and would blur this.
        Map<String, long[]> copies = new LinkedHashMap<>();
        if (modelCopies > 0) {
            int batch = bs[bs.length - 1];
            for (String v : variants) {
                long[] rss = ModelBench.residentAfterCopies(ModelConfigs.resolve(v), modelCopies, batch, settings);
                copies.put(v, rss);
                System.out.printf(
                        Locale.ROOT,
                        "memory %s: resident MB outside the Java heap after 1..%d copies (each after batch-%d calls): %s%s%n",
                        v,
                        modelCopies,
                        batch,
                        java.util.Arrays.toString(rss),
                        modelCopies > 1
                                ? String.format(
                                        Locale.ROOT,
                                        ", %.0f MB per further copy",
                                        (rss[modelCopies - 1] - rss[0]) / (double) (modelCopies - 1))
                                : "");
            }
            System.out.println();
        }
        double roofline = MatMulRoofline.measure(settings, Math.max(2, seconds / 2));
        System.out.printf(
                Locale.ROOT,
                "roofline: %.1f GFLOP/s (fp32 MatMul %dx%d, same runtime and threads)%n%n",
                roofline,
                MatMulRoofline.SIDE,
                MatMulRoofline.SIDE);
        System.out.printf(
                Locale.ROOT,
                "%-14s %6s %10s %10s %12s %10s %10s %10s %11s%n",
                "variant",
                "batch",
                "crops/s",
                "ms/crop",
                "GFLOP/s",
                "roofline",
                "call p50",
                "call p95",
                "first call");
        List<Point> all = new ArrayList<>();
        List<Measurement> profiled = new ArrayList<>();
        Point slowestBest = null;
        double slowestBatch1 = 0;
        for (String v : variants) {
            List<Measurement> measured = ModelBench.measure(ModelConfigs.resolve(v), bs, settings, seconds, profile);
            measured.stream().filter(m -> m.profile() != null).forEach(profiled::add);
            Point[] points = measured.stream().map(Measurement::point).toArray(Point[]::new);
            Point best = points[0];
            for (Point p : points) {
                System.out.printf(
                        Locale.ROOT,
                        "%-14s %6d %10.2f %10.2f %12.1f %10.3f %8.1fms %8.1fms %9.0fms%n",
                        p.variant(),
                        p.batch(),
                        p.cropsPerSecond(),
                        p.msPerCrop(),
                        p.gflops(),
                        p.gflops() / roofline,
                        p.callP50Ms(),
                        p.callP95Ms(),
                        p.firstCallMs());
                all.add(p);
                if (p.cropsPerSecond() > best.cropsPerSecond()) {
                    best = p;
                }
            }
            if (slowestBest == null || best.cropsPerSecond() < slowestBest.cropsPerSecond()) {
                slowestBest = best;
                slowestBatch1 = batch1(points);
            }
        }
        for (Measurement m : profiled) {
            printProfile(m.point(), m.profile());
        }
        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> machine = new LinkedHashMap<>();
            machine.put("model", cpu.model());
            machine.put("flags", cpu.relevantFlags());
            machine.put("logicalCpus", cpu.logicalCpus());
            machine.put("tensorflow", TensorFlow.version());
            machine.put("oneDnn", oneDnn);
            out.put("cpu", machine);
            out.put("residentMegabytesAfterCopies", copies);
            out.put("rooflineGflops", roofline);
            out.put("seconds", seconds);
            out.put(
                    "session",
                    Map.of(
                            "intraOp",
                            threads.intraOpThreads,
                            "interOp",
                            threads.interOpThreads,
                            "bf16",
                            bf16,
                            "xla",
                            xla));
            out.put("points", all);
            if (profile) {
                List<Map<String, Object>> profiles = new ArrayList<>();
                for (Measurement m : profiled) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("variant", m.point().variant());
                    entry.put("batch", m.point().batch());
                    entry.put("profile", m.profile());
                    profiles.add(entry);
                }
                out.put("profiles", profiles);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
        }
        String batch1Ratio = slowestBatch1 > 0
                ? String.format(Locale.ROOT, "%.2f", slowestBest.cropsPerSecond() / slowestBatch1)
                : "n/a";
        System.out.printf(
                Locale.ROOT,
                "%nBENCH variant=%s best_batch=%d crops_per_s=%.2f roofline_ratio=%.3f batch1_ratio=%s%n",
                slowestBest.variant(),
                slowestBest.batch(),
                slowestBest.cropsPerSecond(),
                slowestBest.gflops() / roofline,
                batch1Ratio);
        return 0;
    }

    /** One table per point: each op group's summed node time per call, its share of all nodes' time, and its rate. */
    private static void printProfile(Point p, OpProfile profile) {
        System.out.printf(
                Locale.ROOT,
                "%nprofile %s batch %d: %d traced calls, per call %.1f ms wall and %.1f ms summed over ops"
                        + " (%.2f ops at a time)%n",
                p.variant(),
                p.batch(),
                profile.calls(),
                profile.wallMsPerCall(),
                profile.opMsPerCall(),
                profile.parallelism());
        System.out.printf(
                Locale.ROOT, "  %-20s %9s %7s %9s  %s%n", "group", "ms/call", "share", "GFLOP/s", "ops per call");
        for (OpProfile.Row r : profile.rows()) {
            String ops = r.opsPerCall().isEmpty()
                    ? "-"
                    : r.opsPerCall().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", "));
            if (!r.fusedPerCall().isEmpty()) {
                ops += r.fusedPerCall().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ", " (fused in: ", ")"));
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %-20s %9.2f %7.3f %9s  %s%n",
                    r.group().label(),
                    r.msPerCall(),
                    r.share(),
                    r.gflops() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.gflops()),
                    ops);
        }
    }

    private static double batch1(Point[] points) {
        for (Point p : points) {
            if (p.batch() == 1) {
                return p.cropsPerSecond();
            }
        }
        return 0;
    }
}
