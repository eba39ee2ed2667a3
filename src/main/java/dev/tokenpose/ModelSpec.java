package dev.tokenpose;

import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.model.RandomWeights;
import dev.tokenpose.tf.TfHeatmapModel;
import dev.tokenpose.tf.TfThreads;
import dev.tokenpose.tf.TokenPoseModels;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Everything needed to open a pose estimator where it runs (a stream operator, a benchmark): the
 * configuration, the weights, and the test-time options. Serializable, so a job can ship it to
 * its workers, which open the model themselves.
 *
 * @param config an official experiment YAML path, a preset name, or {@code student} for the bundled student
 * @param weights a checkpoint path, {@code student} for the bundled student's, or {@code seeded:<n>} for
 *     seeded random placeholder weights
 * @param flipTest average with the mirrored crops (official {@code TEST.FLIP_TEST})
 * @param dark DARK decoding (official {@code TEST.POST_PROCESS})
 * @param intraOpThreads TensorFlow threads inside one op (0: one per core)
 * @param interOpThreads TensorFlow ops run in parallel (0: default)
 */
public record ModelSpec(String config, String weights, boolean flipTest, boolean dark, int intraOpThreads,
        int interOpThreads) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Prefix of the weights value that asks for seeded random (untrained) weights. */
    public static final String SEEDED = "seeded:";

    /** Whether the weights are an untrained placeholder. */
    public boolean placeholder() {
        return weights.startsWith(SEEDED);
    }

    /** The configuration this spec names. */
    public ModelConfig modelConfig() {
        return ModelConfigs.resolve(config);
    }

    /**
     * Opens the network.
     *
     * @throws NoSuchFileException if the weights file does not exist
     */
    public HeatmapModel openModel() throws NoSuchFileException {
        ModelConfig c = modelConfig();
        TfThreads threads = new TfThreads(intraOpThreads, interOpThreads);
        if (placeholder()) {
            long seed;
            try {
                seed = Long.parseLong(weights.substring(SEEDED.length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weights '" + weights + "': expected seeded:<integer>");
            }
            return TfHeatmapModel.create(c, new RandomWeights(c, seed), c.name() + "@" + weights + " (untrained placeholder)", threads);
        }
        Path file = weights.equals(BundledStudent.NAME) && !Files.exists(Path.of(weights)) ? BundledStudent.weights() : Path.of(weights);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(weights, null, "weights file not found");
        }
        return TokenPoseModels.open(c, file, threads);
    }

    /** Opens the full estimator: network, optional flip test, decoding. */
    public PoseEstimator openEstimator() throws NoSuchFileException {
        return new TopDownPoseEstimator(openModel(), flipTest, dark);
    }
}
