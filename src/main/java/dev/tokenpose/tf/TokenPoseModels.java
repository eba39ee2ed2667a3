package dev.tokenpose.tf;

import dev.tokenpose.ModelSpec;
import dev.tokenpose.PoseEstimator;
import dev.tokenpose.Precision;
import dev.tokenpose.TopDownPoseEstimator;
import dev.tokenpose.checkpoint.PthReader;
import dev.tokenpose.checkpoint.StateDict;
import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.RandomWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens TokenPose models: from a {@link ModelSpec} (presets, YAML paths, the bundled student,
 * seeded placeholder weights), or from a configuration and an official checkpoint.
 */
public final class TokenPoseModels {

    /** Hex digits of the weights' SHA-256 kept in a model identity. */
    private static final int DIGEST_CHARS = 12;
    /**
     * Largest heatmap change bfloat16 may make, as a fraction of the float32 map's range: its rounding
     * moves the student's maps by about 0.006, the faulty convolution by 0.5 and more.
     */
    static final double BF16_TOLERANCE = 0.05;

    private static final int PROBE_BATCH = 2;
    private static final long PROBE_SEED = 20211011L;
    private static final Logger LOG = LoggerFactory.getLogger(TokenPoseModels.class);

    private TokenPoseModels() {}

    /**
     * Opens the network a spec names.
     *
     * @param spec the configuration, weights, thread settings and device; {@code student} weights are the
     *     bundled student's unless a file of that name exists
     * @return the model; close it when done
     * @throws NoSuchFileException if the weights file does not exist
     * @throws IllegalArgumentException if {@code seeded:} is not followed by an integer, or the
     *     configuration is unknown
     * @throws dev.tokenpose.checkpoint.CheckpointException if the file is not a usable checkpoint for the configuration
     */
    public static TfHeatmapModel openModel(ModelSpec spec) throws NoSuchFileException {
        ModelConfig c = spec.modelConfig();
        TfSessionSettings settings = sessionSettings(spec);
        String weights = spec.weights();
        if (spec.placeholder()) {
            long seed;
            try {
                seed = Long.parseLong(weights.substring(ModelSpec.SEEDED.length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weights '" + weights + "': expected seeded:<integer>");
            }
            return TfHeatmapModel.create(
                    c, new RandomWeights(c, seed), c.name() + "@" + weights + " (untrained placeholder)", settings);
        }
        Path file = BundledStudent.weightsFile(weights);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(weights, null, "weights file not found");
        }
        if (settings.bfloat16() && spec.precision() == Precision.AUTO) {
            return openCheckedBfloat16(c, file, settings);
        }
        return open(c, file, settings);
    }

    /**
     * Opens a network in bfloat16 if, on this CPU, that only rounds its heatmaps; else in float32.
     * TensorFlow 2.18's bfloat16 convolution with 3 input channels has been seen to compute wrong
     * results (0.5–1.9 of the output's range, NaN for L) on some AVX-512 CPUs, so {@link
     * Precision#AUTO} compares the two sessions on a probe batch before it trusts bfloat16.
     */
    private static TfHeatmapModel openCheckedBfloat16(ModelConfig c, Path file, TfSessionSettings bf16) {
        StateDict stateDict = PthReader.read(file);
        String identity = identity(c, file);
        float[] probe = probeInput(c, PROBE_BATCH);
        TfHeatmapModel fp32 =
                TfHeatmapModel.create(c, new CheckpointWeights(stateDict), identity, bf16.withBfloat16(false));
        double change;
        try (TfHeatmapModel candidate = TfHeatmapModel.create(c, new CheckpointWeights(stateDict), identity, bf16)) {
            change = HeatmapChange.largestRelative(
                    fp32.heatmaps(probe, PROBE_BATCH),
                    candidate.heatmaps(probe, PROBE_BATCH),
                    c.heatmapHeight() * c.heatmapWidth());
            if (change <= BF16_TOLERANCE) {
                fp32.close();
                return TfHeatmapModel.create(c, new CheckpointWeights(stateDict), identity, bf16);
            }
        } catch (RuntimeException e) {
            fp32.close();
            throw e;
        }
        LOG.warn(
                "bfloat16 moved {}'s heatmaps by {} of their range on this CPU, more than rounding does (at most {}):"
                        + " running float32",
                identity,
                String.format(java.util.Locale.ROOT, "%.3f", change),
                BF16_TOLERANCE);
        return fp32;
    }

    /** A deterministic batch of image-like values (normalised pixels lie in about [-2.1, 2.6]). */
    static float[] probeInput(ModelConfig c, int batch) {
        Random random = new Random(PROBE_SEED);
        float[] x = new float[batch * 3 * c.imageHeight() * c.imageWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 4.4 - 2.1);
        }
        return x;
    }

    private static String identity(ModelConfig config, Path weights) {
        return config.name() + "@sha256:" + sha256(weights).substring(0, DIGEST_CHARS);
    }

    /**
     * The session settings {@link #openModel} opens a spec's network with.
     *
     * @param spec the model's threads, device and precision
     * @return the settings
     */
    public static TfSessionSettings sessionSettings(ModelSpec spec) {
        return new TfSessionSettings(spec.intraOpThreads(), spec.interOpThreads())
                .withDevice(spec.device())
                .withBfloat16(bfloat16(spec, CpuDescription.current(), System.getenv()));
    }

    /**
     * Whether a spec's session runs in bfloat16 on this CPU: when asked, or at {@link Precision#AUTO}
     * for the bundled student where the CPU has native bfloat16.
     *
     * @param spec the model and its precision
     * @param cpu the CPU it runs on
     * @param env the process environment (oneDNN can be switched off there)
     * @return true for oneDNN's bfloat16 mixed precision
     */
    static boolean bfloat16(ModelSpec spec, CpuDescription cpu, Map<String, String> env) {
        return switch (spec.precision()) {
            case FP32 -> false;
            case BF16 -> true;
            case AUTO -> BundledStudent.isBundled(spec.config(), spec.weights()) && cpu.nativeBfloat16(env);
        };
    }

    /**
     * Opens the full estimator a spec names: network, optional flip test, decoding.
     *
     * @param spec the model and its test-time options
     * @return the estimator; close it when done
     * @throws NoSuchFileException if the weights file does not exist
     * @see #openModel(ModelSpec)
     */
    public static PoseEstimator openEstimator(ModelSpec spec) throws NoSuchFileException {
        return new TopDownPoseEstimator(openModel(spec), spec.flipTest(), spec.dark());
    }

    /**
     * Builds a model from a configuration and an official checkpoint.
     *
     * @param config the network configuration
     * @param weights a {@code .pth} state dict or training checkpoint
     * @param settings TensorFlow session settings
     * @return the model, identified as {@code <config name>@sha256:<12 hex digits of the file>}
     * @throws dev.tokenpose.checkpoint.CheckpointException if the file is not a usable checkpoint for this configuration
     */
    public static TfHeatmapModel open(ModelConfig config, Path weights, TfSessionSettings settings) {
        StateDict stateDict = PthReader.read(weights);
        String identity = identity(config, weights);
        return TfHeatmapModel.create(config, new CheckpointWeights(stateDict), identity, settings);
    }

    /** The SHA-256 of a file, in lowercase hex. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
