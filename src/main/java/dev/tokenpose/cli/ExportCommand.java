package dev.tokenpose.cli;

import dev.tokenpose.tf.SavedModelExport;
import dev.tokenpose.tf.TfHeatmapModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenpose export}: writes a SavedModel with a serving signature. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Write the model as a TensorFlow SavedModel (serving_default: crops -> heatmaps, keypoints).")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "DIR",
            description = "Target folder (must not exist or be empty).")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (TfHeatmapModel m = model.open()) {
            SavedModelExport.export(m, output);
            System.out.println("exported " + m.identity() + " to " + output);
        }
        return 0;
    }
}
