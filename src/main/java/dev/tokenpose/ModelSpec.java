package dev.tokenpose;

import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import java.io.Serializable;

/**
 * Everything needed to open a pose estimator where it runs (a stream operator, a benchmark): the
 * configuration, the weights, and the test-time options. Serializable, so a job can ship it to
 * its workers, which open the model themselves with {@code dev.tokenpose.tf.TokenPoseModels}.
 *
 * @param config an official experiment YAML path, a preset name, or {@code student} for the bundled student
 * @param weights a checkpoint path, {@code student} for the bundled student's, or {@code seeded:<n>} for
 *     seeded random placeholder weights
 * @param flipTest average with the mirrored crops (official {@code TEST.FLIP_TEST})
 * @param dark DARK decoding (official {@code TEST.POST_PROCESS})
 * @param intraOpThreads TensorFlow threads inside one op (0: one per core)
 * @param interOpThreads TensorFlow ops run in parallel (0: default)
 * @param device where the model's TensorFlow session runs
 */
public record ModelSpec(
        String config,
        String weights,
        boolean flipTest,
        boolean dark,
        int intraOpThreads,
        int interOpThreads,
        ComputeDevice device)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Prefix of the weights value that asks for seeded random (untrained) weights. */
    public static final String SEEDED = "seeded:";

    /** Checks that a device is given. */
    public ModelSpec {
        if (device == null) {
            throw new IllegalArgumentException("device must be given (ComputeDevice.DEFAULT for TensorFlow's choice)");
        }
    }

    /** A spec on TensorFlow's device placement. */
    public ModelSpec(
            String config, String weights, boolean flipTest, boolean dark, int intraOpThreads, int interOpThreads) {
        this(config, weights, flipTest, dark, intraOpThreads, interOpThreads, ComputeDevice.DEFAULT);
    }

    /** This spec on another device. */
    public ModelSpec withDevice(ComputeDevice on) {
        return new ModelSpec(config, weights, flipTest, dark, intraOpThreads, interOpThreads, on);
    }

    /** Whether the weights are an untrained placeholder. */
    public boolean placeholder() {
        return weights.startsWith(SEEDED);
    }

    /** The configuration this spec names. */
    public ModelConfig modelConfig() {
        return ModelConfigs.resolve(config);
    }
}
