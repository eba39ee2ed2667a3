package dev.tokenpose.cli;

import dev.tokenpose.ModelSpec;
import dev.tokenpose.Precision;
import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.tf.TfHeatmapModel;
import dev.tokenpose.tf.TokenPoseModels;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that choose and open a model: configuration, weights, threads. */
final class ModelOptions {

    @Option(
            names = "--config",
            defaultValue = BundledStudent.NAME,
            paramLabel = "YAML|VARIANT",
            description =
                    "Official experiment YAML, a built-in variant (T, S-v1, S-v2, B, L-D24, L-D24-384x288, L-D6-MPII),"
                            + " or 'student', the bundled trained model (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(
            names = "--weights",
            defaultValue = BundledStudent.NAME,
            paramLabel = "PTH",
            description = "Official checkpoint (.pth): a state dict or a training checkpoint; 'student' for the bundled"
                    + " model's; seeded:<n> for untrained placeholder weights (default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(
            names = "--precision",
            defaultValue = "auto",
            paramLabel = "auto|fp32|bf16",
            description = "CPU arithmetic: auto is bfloat16 for the bundled student on CPUs with native bfloat16"
                    + " (AVX512_BF16, AMX), float32 otherwise (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Mixin
    ThreadOptions threads;

    ModelConfig modelConfig() {
        return ModelConfigs.resolve(config);
    }

    /** The model these options name, as the stream job would open it. */
    ModelSpec spec(boolean flipTest, boolean dark) {
        return new ModelSpec(config, weights, flipTest, dark, threads.intraOpThreads, threads.interOpThreads)
                .withPrecision(precision);
    }

    TfHeatmapModel open() throws NoSuchFileException {
        return TokenPoseModels.openModel(spec(false, true));
    }
}
