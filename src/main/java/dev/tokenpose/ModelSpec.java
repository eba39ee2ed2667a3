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
 * @param precision float32, bfloat16, or bfloat16 where it is measured to be safe and faster
 */
public record ModelSpec(
        String config,
        String weights,
        boolean flipTest,
        boolean dark,
        int intraOpThreads,
        int interOpThreads,
        ComputeDevice device,
        Precision precision)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Prefix of the weights value that asks for seeded random (untrained) weights. */
    public static final String SEEDED = "seeded:";

    /** Checks that a device and a precision are given. */
    public ModelSpec {
        if (device == null) {
            throw new IllegalArgumentException("device must be given (ComputeDevice.DEFAULT for TensorFlow's choice)");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision must be given (Precision.AUTO for the default)");
        }
    }

    /** A spec on TensorFlow's device placement, at {@link Precision#AUTO}. */
    public ModelSpec(
            String config, String weights, boolean flipTest, boolean dark, int intraOpThreads, int interOpThreads) {
        this(config, weights, flipTest, dark, intraOpThreads, interOpThreads, ComputeDevice.DEFAULT, Precision.AUTO);
    }

    /** This spec on another device. */
    public ModelSpec withDevice(ComputeDevice on) {
        return new ModelSpec(config, weights, flipTest, dark, intraOpThreads, interOpThreads, on, precision);
    }

    /** This spec at another precision. */
    public ModelSpec withPrecision(Precision p) {
        return new ModelSpec(config, weights, flipTest, dark, intraOpThreads, interOpThreads, device, p);
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
