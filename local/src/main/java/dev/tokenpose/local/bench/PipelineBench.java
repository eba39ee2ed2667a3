package dev.tokenpose.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenpose.ModelSpec;
import dev.tokenpose.bench.ModelBench;
import dev.tokenpose.bench.ResidentMemory;
import dev.tokenpose.detect.PersonDetectors;
import dev.tokenpose.flink.PoseBatchOperator;
import dev.tokenpose.flink.PoseJobOptions;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.consume.PoseTopicReader;
import dev.tokenpose.kafka.produce.FrameSender;
import dev.tokenpose.local.LocalCommand;
import dev.tokenpose.local.LocalJob;
import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.connect.KafkaConnection;
import dev.tokenpose.tf.TfSessionSettings;
import dev.tokenpose.tf.TokenPoseModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose pipeline-bench}: the whole stream — embedded Kafka, the pose job in a Flink
 * MiniCluster — measured end to end against the bare model in the same run: frames/s, crops/s and
 * frames per model call at saturation, and frame latency at half of it, to the pose record
 * written and to its commit.
 */
@Command(
        name = "pipeline-bench",
        mixinStandardHelpOptions = true,
        description = "End-to-end throughput and latency of the pose stream, against the bare model.")
public final class PipelineBench implements Callable<Integer> {

    @Option(
            names = "--variant",
            defaultValue = BundledStudent.NAME,
            description =
                    "Model: a preset, with seeded weights, or 'student', the bundled trained model (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--streams", defaultValue = "8", description = "Concurrent streams (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--frames",
            defaultValue = "80",
            description = "Frames per stream and phase (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--warmup-frames",
            defaultValue = "10",
            description =
                    "Frames per stream before measuring: model, JIT and transactions warm up (default: ${DEFAULT-VALUE}).")
    int warmupFrames;

    @Option(
            names = "--persons",
            defaultValue = "2",
            description = "Person boxes given with each frame (default: ${DEFAULT-VALUE}).")
    int persons;

    @Option(
            names = "--batch-max-frames",
            defaultValue = "8",
            description = "Frames per model call (default: ${DEFAULT-VALUE}).")
    int batchMaxFrames;

    @Option(names = "--batch-max-wait-ms", defaultValue = "20", description = "Batch wait (default: ${DEFAULT-VALUE}).")
    long batchMaxWaitMs;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "" + PoseJobOptions.DEFAULT_CHECKPOINT_MS,
            description =
                    "Checkpoint interval: poses become visible to read_committed consumers at checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointIntervalMs;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Job parallelism: pose operator subtasks (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--model-per-slot", description = "One model per subtask instead of one shared by all.")
    boolean modelPerSlot;

    @Option(
            names = "--seconds",
            defaultValue = "15",
            description = "Measuring time of the bare-model reference (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    public static void main(String[] args) {
        System.exit(LocalCommand.execute(new PipelineBench(), args));
    }

    @Override
    public Integer call() throws Exception {
        int crops = batchMaxFrames * persons;
        String weights = variant.equals(BundledStudent.NAME) ? BundledStudent.NAME : ModelSpec.SEEDED + 1;
        // The bare model at the precision the job will pick (--precision auto), so the ratio compares like with like.
        TfSessionSettings settings =
                TokenPoseModels.sessionSettings(new ModelSpec(variant, weights, false, true, 0, 0));
        ModelBench.Point bare =
                ModelBench.measure(ModelConfigs.resolve(variant), new int[] {crops}, settings, seconds)[0];
        System.out.printf(
                Locale.ROOT,
                "bare model %s (%s), batch %d: %.2f crops/s%n",
                variant,
                settings.bfloat16() ? "bfloat16" : "float32",
                crops,
                bare.cropsPerSecond());

        List<VideoFrame> clip = LocalJob.sampleClipFrames(20);
        Map<String, Object> results = new LinkedHashMap<>();
        try (EmbeddedKafka kafka = LocalJob.brokerWithTopics()) {
            KafkaConnection cluster = kafka.connection();
            PoseJobOptions options = LocalJob.options(cluster.bootstrapServers(), variant, weights, parallelism);
            options.detector = PersonDetectors.NONE;
            options.noSmoothing = true;
            options.batchMaxFrames = batchMaxFrames;
            options.batchMaxWaitMs = batchMaxWaitMs;
            options.checkpointIntervalMs = checkpointIntervalMs;
            options.modelPerSlot = modelPerSlot;
            // The saturation backlog is in Kafka before the job starts: producers and the broker's
            // ingest run elsewhere in a deployment and must not share these cores while measuring.
            try (FrameSender sender = FrameSender.open(cluster, options.framesTopic)) {
                publish(sender, clip, "sat", streams, warmupFrames + frames, 0);
            }
            JobClient job = LocalJob.start(options, "tokenpose-bench");
            try (FrameSender sender = FrameSender.open(cluster, options.framesTopic);
                    PoseTopicReader reader =
                            new PoseTopicReader(cluster, options.posesTopic, options.deadLetterTopic)) {
                Saturation saturated = awaitSaturation(reader, job, streams, warmupFrames, warmupFrames + frames);
                double framesPerSecond = saturated.frames / saturated.seconds;
                double cropsPerSecond = framesPerSecond * persons;
                double framesPerBatch = saturated.batched.frames() / (double) Math.max(1, saturated.batched.calls());
                double personsPerBatch = saturated.batched.persons() / (double) Math.max(1, saturated.batched.calls());
                System.out.printf(
                        Locale.ROOT,
                        "saturation: %d streams, %.2f frames/s, %.2f crops/s = %.2f of the bare model "
                                + "(%d frames in %.1f s, from when every stream had %d frames done to when the first had all %d)%n",
                        streams,
                        framesPerSecond,
                        cropsPerSecond,
                        cropsPerSecond / bare.cropsPerSecond(),
                        saturated.frames,
                        saturated.seconds,
                        warmupFrames,
                        warmupFrames + frames);
                long rssMb = ResidentMemory.megabytes();
                System.out.printf(
                        Locale.ROOT,
                        "saturation batches: %.2f frames, %.2f crops per model call (limit %d frames); "
                                + "process RSS %d MB (broker, Flink and %s)%n",
                        framesPerBatch,
                        personsPerBatch,
                        batchMaxFrames,
                        rssMb,
                        parallelism == 1 ? "one model" : modelPerSlot ? parallelism + " models" : "one shared model");

                // Latency to the record written (what the batching bounds) and to its commit (what
                // read_committed consumers see, one checkpoint interval later at most).
                double halfRate = framesPerSecond / 2;
                Histogram half;
                Histogram halfCommitted;
                try (PoseTopicReader written =
                        new PoseTopicReader(cluster, options.posesTopic, options.deadLetterTopic, false)) {
                    Thread paced = new Thread(() -> publish(sender, clip, "half", streams, frames, halfRate));
                    CompletableFuture<Histogram> writtenPhase =
                            CompletableFuture.supplyAsync(() -> await(written, "half-", (long) streams * frames));
                    paced.start();
                    halfCommitted = await(reader, "half-", (long) streams * frames);
                    paced.join();
                    half = writtenPhase.get();
                }
                System.out.printf(
                        Locale.ROOT,
                        "50%% load (%.2f frames/s): latency to the pose record p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; "
                                + "to its commit (checkpoints every %d ms) p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n",
                        halfRate,
                        half.getValueAtPercentile(50) / 1e3,
                        half.getValueAtPercentile(95) / 1e3,
                        half.getValueAtPercentile(99) / 1e3,
                        checkpointIntervalMs,
                        halfCommitted.getValueAtPercentile(50) / 1e3,
                        halfCommitted.getValueAtPercentile(95) / 1e3,
                        halfCommitted.getValueAtPercentile(99) / 1e3);

                results.put("variant", variant);
                results.put("streams", streams);
                results.put("personsPerFrame", persons);
                results.put("batchMaxFrames", batchMaxFrames);
                results.put("batchMaxWaitMs", batchMaxWaitMs);
                results.put("bareModelCropsPerSecond", bare.cropsPerSecond());
                results.put("bareModelBatchCallP50Ms", bare.callP50Ms());
                results.put("saturationFramesPerSecond", framesPerSecond);
                results.put("saturationCropsPerSecond", cropsPerSecond);
                results.put("saturationRatioToModel", cropsPerSecond / bare.cropsPerSecond());
                results.put("saturationFramesPerBatch", framesPerBatch);
                results.put("parallelism", parallelism);
                results.put("modelPerSlot", modelPerSlot);
                results.put("residentMegabytes", rssMb);
                results.put("saturationCropsPerBatch", personsPerBatch);
                results.put("halfLoadFramesPerSecond", halfRate);
                results.put("halfLoadLatencyP50Ms", half.getValueAtPercentile(50) / 1e3);
                results.put("halfLoadLatencyP95Ms", half.getValueAtPercentile(95) / 1e3);
                results.put("halfLoadLatencyP99Ms", half.getValueAtPercentile(99) / 1e3);
                results.put("checkpointIntervalMs", checkpointIntervalMs);
                results.put("halfLoadCommittedLatencyP50Ms", halfCommitted.getValueAtPercentile(50) / 1e3);
                results.put("halfLoadCommittedLatencyP95Ms", halfCommitted.getValueAtPercentile(95) / 1e3);
                results.put("halfLoadCommittedLatencyP99Ms", halfCommitted.getValueAtPercentile(99) / 1e3);
                results.put("saturationWindowSeconds", saturated.seconds);
                System.out.printf(
                        Locale.ROOT,
                        "%nPIPELINE variant=%s streams=%d crops_per_s=%.2f model_ratio=%.2f p95_half_load_ms=%.0f "
                                + "bound_ms=%.0f committed_p95_ms=%.0f%n",
                        variant,
                        streams,
                        cropsPerSecond,
                        cropsPerSecond / bare.cropsPerSecond(),
                        half.getValueAtPercentile(95) / 1e3,
                        2.0 * batchMaxWaitMs + bare.callP50Ms(),
                        halfCommitted.getValueAtPercentile(95) / 1e3);
            } finally {
                job.cancel().get();
            }
        }
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        }
        return 0;
    }

    /** Model calls of the pose operator, and the frames and persons in them. */
    private record Batches(long calls, long frames, long persons) {

        /** The pose operator's accumulators so far. */
        static Batches of(JobClient job) throws Exception {
            Map<String, Object> acc = job.getAccumulators().get();
            return new Batches(
                    count(acc, PoseBatchOperator.BATCHES),
                    count(acc, PoseBatchOperator.BATCHED_FRAMES),
                    count(acc, PoseBatchOperator.BATCHED_PERSONS));
        }

        private static long count(Map<String, Object> accumulators, String name) {
            return accumulators.get(name) instanceof Number n ? n.longValue() : 0;
        }

        Batches minus(Batches earlier) {
            return new Batches(calls - earlier.calls, frames - earlier.frames, persons - earlier.persons);
        }
    }

    /** Frames and seconds of the saturated window, and the batches in it. */
    private record Saturation(long frames, double seconds, Batches batched) {}

    /** What the saturation reader has counted so far; a time of 0 is a window end not reached yet. */
    private static final class WindowCount {
        long read;
        long warmStreams;
        long readAtStart;
        long startNanos;
        long readAtEnd;
        long endNanos;
    }

    /**
     * Reads the backlog's poses and measures the window in which every stream had frames waiting:
     * from when each stream is past its warm-up frames (model, JIT and transactions warm) to when
     * the first stream is done.
     */
    private static Saturation awaitSaturation(
            PoseTopicReader reader, JobClient job, int streams, int warmup, int perStream) throws Exception {
        Map<String, Integer> perStreamSeen = new HashMap<>();
        WindowCount seen = new WindowCount();
        Batches batchesAtStart = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen.endNanos == 0 && System.nanoTime() < deadline) {
            reader.poll(Duration.ofMillis(50), p -> {
                int n = perStreamSeen.merge(p.getStreamId(), 1, Integer::sum);
                if (n == warmup && ++seen.warmStreams == streams) {
                    seen.readAtStart = seen.read;
                    seen.startNanos = System.nanoTime();
                } else if (n == perStream && seen.endNanos == 0) {
                    if (seen.startNanos == 0) {
                        throw new IllegalStateException(
                                "a stream was done before every stream was warm: raise --frames");
                    }
                    seen.readAtEnd = seen.read;
                    seen.endNanos = System.nanoTime();
                }
                seen.read++;
            });
            if (seen.startNanos != 0 && batchesAtStart == null) {
                batchesAtStart = Batches.of(job);
            }
        }
        if (seen.endNanos == 0) {
            throw new IllegalStateException("the backlog was not read within 10 minutes");
        }
        Batches batched = Batches.of(job).minus(batchesAtStart);
        await(reader, "sat-", (long) streams * perStream - seen.read); // the rest of the backlog, before the next phase
        return new Saturation(seen.readAtEnd - seen.readAtStart, (seen.endNanos - seen.startNanos) / 1e9, batched);
    }

    /** Reads until {@code expected} poses of streams named {@code prefix}… have arrived; returns their latencies in µs. */
    private static Histogram await(PoseTopicReader reader, String prefix, long expected) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (latency.getTotalCount() < expected && System.nanoTime() < deadline) {
            reader.poll(Duration.ofMillis(20), p -> {
                if (!p.getStreamId().startsWith(prefix)) {
                    return;
                }
                long micros =
                        Duration.between(p.getCaptureTime(), Instant.now()).toNanos() / 1000;
                latency.recordValue(Math.max(0, Math.min(micros, latency.getHighestTrackableValue())));
            });
        }
        if (latency.getTotalCount() < expected) {
            throw new IllegalStateException(
                    "only " + latency.getTotalCount() + " of " + expected + " pose records arrived");
        }
        return latency;
    }

    /** Publishes {@code count} frames per stream, round-robin over the streams, at {@code rate} frames/s in all (0: unpaced). */
    private void publish(
            FrameSender sender, List<VideoFrame> clip, String prefix, int streamCount, int count, double rate) {
        long start = System.nanoTime();
        long sent = 0;
        for (int seq = 0; seq < count; seq++) {
            for (int s = 0; s < streamCount; s++) {
                if (rate > 0) {
                    long due = start + (long) (sent / rate * 1e9);
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                    }
                }
                VideoFrame f =
                        VideoFrame.newBuilder(clip.get(seq % clip.size())).build();
                f.setStreamId(prefix + "-" + s);
                f.setSequence(seq);
                f.setCaptureTime(now());
                f.setBoxes(boxes(f));
                sender.send(f);
                sent++;
            }
        }
        sender.flush();
    }

    private List<dev.tokenpose.schema.Box> boxes(VideoFrame f) {
        List<dev.tokenpose.schema.Box> out = new ArrayList<>();
        float w = f.getWidth() / (float) (persons + 1);
        for (int i = 0; i < persons; i++) {
            out.add(new dev.tokenpose.schema.Box(w * i + w / 2, f.getHeight() * 0.2f, w, f.getHeight() * 0.6f, 1f));
        }
        return out;
    }

    private static Instant now() {
        Instant t = Instant.now();
        return t.minusNanos(t.getNano() % 1000);
    }
}
