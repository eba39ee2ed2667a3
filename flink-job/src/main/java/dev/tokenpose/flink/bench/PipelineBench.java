package dev.tokenpose.flink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenpose.bench.ModelBench;
import dev.tokenpose.flink.LocalJob;
import dev.tokenpose.flink.PoseJobOptions;
import dev.tokenpose.flink.demo.PoseTopicReader;
import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.produce.FrameEncoder;
import dev.tokenpose.kafka.produce.SampleClip;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.tf.TfThreads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose bench --pipeline}: the whole stream — embedded Kafka, the pose job in a Flink
 * MiniCluster — measured end to end against the bare model in the same run: frames/s and crops/s
 * at saturation, and frame latency (capture → committed pose record) at half of it.
 */
@Command(name = "bench --pipeline", mixinStandardHelpOptions = true,
        description = "End-to-end throughput and latency of the pose stream, against the bare model.")
public final class PipelineBench implements Callable<Integer> {

    @Option(names = "--pipeline", description = "(selects this benchmark)")
    boolean pipeline;

    @Option(names = "--variants", split = ",", defaultValue = "T", description = "Preset; the first is used (default: ${DEFAULT-VALUE}).")
    List<String> variants;

    @Option(names = "--streams", defaultValue = "8", description = "Concurrent streams (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--frames", defaultValue = "40", description = "Frames per stream and phase (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--persons", defaultValue = "2", description = "Person boxes given with each frame (default: ${DEFAULT-VALUE}).")
    int persons;

    @Option(names = "--batch-max-frames", defaultValue = "8", description = "Frames per model call (default: ${DEFAULT-VALUE}).")
    int batchMaxFrames;

    @Option(names = "--batch-max-wait-ms", defaultValue = "20", description = "Batch wait (default: ${DEFAULT-VALUE}).")
    long batchMaxWaitMs;

    @Option(names = "--seconds", defaultValue = "5", description = "Measuring time of the bare-model reference (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String variant = variants.get(0);
        int crops = batchMaxFrames * persons;
        ModelBench.Point bare = ModelBench.measure(ModelConfigs.preset(variant), new int[] {crops}, TfThreads.DEFAULT, seconds)[0];
        System.out.printf(Locale.ROOT, "bare model %s, batch %d: %.2f crops/s%n", variant, crops, bare.cropsPerSecond());

        List<VideoFrame> clip = clipFrames();
        Map<String, Object> results = new LinkedHashMap<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics.ensure(bootstrap, TopicSettings.DEFAULTS);
            PoseJobOptions options = PoseJobOptions.parse("--bootstrap-servers", bootstrap, "--config", variant, "--weights", "seeded:1",
                    "--detector", "none", "--no-smoothing", "--parallelism", "1", "--starting-offsets", "earliest",
                    "--batch-max-frames", String.valueOf(batchMaxFrames), "--batch-max-wait-ms", String.valueOf(batchMaxWaitMs),
                    "--checkpoint-interval-ms", "200");
            JobClient job = LocalJob.start(options, "tokenpose-bench");
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
                    PoseTopicReader reader = new PoseTopicReader(bootstrap, options.posesTopic, options.deadLetterTopic)) {
                // Warm-up: the first frames build the model and start the transactions.
                publish(producer, clip, "warm", streams, 2, 0);
                Phase warm = await(reader, streams * 2);

                publish(producer, clip, "sat", streams, frames, 0);
                Phase saturated = await(reader, streams * frames);
                double framesPerSecond = saturated.frames / saturated.seconds;
                double cropsPerSecond = framesPerSecond * persons;
                System.out.printf(Locale.ROOT, "saturation: %d streams, %.2f frames/s, %.2f crops/s = %.2f of the bare model; "
                        + "latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n", streams, framesPerSecond, cropsPerSecond,
                        cropsPerSecond / bare.cropsPerSecond(), saturated.latency.getValueAtPercentile(50) / 1e3,
                        saturated.latency.getValueAtPercentile(95) / 1e3, saturated.latency.getValueAtPercentile(99) / 1e3);

                double halfRate = framesPerSecond / 2;
                Thread paced = new Thread(() -> publish(producer, clip, "half", streams, frames, halfRate));
                paced.start();
                Phase half = await(reader, streams * frames);
                paced.join();
                System.out.printf(Locale.ROOT, "50%% load (%.2f frames/s): latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n", halfRate,
                        half.latency.getValueAtPercentile(50) / 1e3, half.latency.getValueAtPercentile(95) / 1e3,
                        half.latency.getValueAtPercentile(99) / 1e3);

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
                results.put("halfLoadFramesPerSecond", halfRate);
                results.put("halfLoadLatencyP50Ms", half.latency.getValueAtPercentile(50) / 1e3);
                results.put("halfLoadLatencyP95Ms", half.latency.getValueAtPercentile(95) / 1e3);
                results.put("halfLoadLatencyP99Ms", half.latency.getValueAtPercentile(99) / 1e3);
                results.put("warmUpSeconds", warm.seconds);
                System.out.printf(Locale.ROOT, "%nPIPELINE variant=%s streams=%d crops_per_s=%.2f model_ratio=%.2f p95_half_load_ms=%.0f "
                        + "bound_ms=%.0f%n", variant, streams, cropsPerSecond, cropsPerSecond / bare.cropsPerSecond(),
                        half.latency.getValueAtPercentile(95) / 1e3, 2.0 * batchMaxWaitMs + bare.callP50Ms());
            } finally {
                job.cancel().get();
            }
        }
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        }
        return 0;
    }

    /** What one phase measured: frames read, seconds from its first to its last record, latencies in µs. */
    private record Phase(long frames, double seconds, Histogram latency) {}

    private static Phase await(PoseTopicReader reader, long expected) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        long[] seen = new long[3]; // count, first arrival, last arrival (ns)
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen[0] < expected && System.nanoTime() < deadline) {
            reader.poll(Duration.ofMillis(100), p -> {
                long now = System.nanoTime();
                seen[1] = seen[0] == 0 ? now : seen[1];
                seen[2] = now;
                long micros = Duration.between(p.getCaptureTime(), Instant.now()).toNanos() / 1000;
                latency.recordValue(Math.max(0, Math.min(micros, latency.getHighestTrackableValue())));
                seen[0]++;
            });
        }
        if (seen[0] < expected) {
            throw new IllegalStateException("only " + seen[0] + " of " + expected + " pose records arrived");
        }
        return new Phase(seen[0], Math.max(1e-3, (seen[2] - seen[1]) / 1e9), latency);
    }

    /** Publishes {@code count} frames per stream, round-robin over the streams, at {@code rate} frames/s in all (0: unpaced). */
    private void publish(KafkaProducer<byte[], byte[]> producer, List<VideoFrame> clip, String prefix, int streamCount, int count,
            double rate) {
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
                VideoFrame f = VideoFrame.newBuilder(clip.get(seq % clip.size())).build();
                f.setStreamId(prefix + "-" + s);
                f.setSequence(seq);
                f.setCaptureTime(now());
                f.setBoxes(boxes(f));
                producer.send(new ProducerRecord<>("video-frames", f.getStreamId().getBytes(StandardCharsets.UTF_8),
                        AvroCodec.VIDEO_FRAME.encode(f)));
                sent++;
            }
        }
        producer.flush();
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

    private static List<VideoFrame> clipFrames() throws Exception {
        List<VideoFrame> out = new ArrayList<>();
        FrameEncoder encoder = FrameEncoder.defaults();
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(SampleClip.path().toFile())) {
            grabber.start();
            Frame f;
            while ((f = grabber.grabImage()) != null && out.size() < 20) {
                out.add(encoder.encode(f, "clip", out.size(), Instant.now(), null));
            }
            grabber.stop();
        }
        return out;
    }


    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

}
