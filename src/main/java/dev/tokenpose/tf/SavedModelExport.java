package dev.tokenpose.tf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenpose.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/**
 * Writes a model as a TensorFlow SavedModel with a {@code serving_default} signature, loadable by
 * TF Serving, Python and {@link SavedModelHeatmapModel}.
 *
 * <p>Signature: input {@code crops} float32 [N, 3, H, W] (normalised RGB, NCHW); outputs
 * {@code heatmaps} float32 [N, K, Hh, Wh] and {@code keypoints} float32 [N, K, 3] (heatmap-space
 * x, y of the first maximum, and its value as score). The configuration and model identity are
 * written to {@code assets.extra/tokenpose.json}.
 */
public final class SavedModelExport {

    /** Signature input and output names. */
    public static final String CROPS = "crops";

    public static final String HEATMAPS = "heatmaps";
    public static final String KEYPOINTS = "keypoints";
    /** Where the model description is stored inside the SavedModel folder. */
    public static final String DESCRIPTION = "assets.extra/tokenpose.json";

    private SavedModelExport() {}

    /**
     * @param model the model to export
     * @param dir target folder; must not exist or be empty
     * @throws IOException if the folder is not empty or cannot be written
     */
    public static void export(TfHeatmapModel model, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException("export folder " + dir + " is not empty");
                }
            }
        } else if (Files.exists(dir)) {
            throw new IOException("export target " + dir + " exists and is not a folder");
        }
        Signature signature = Signature.builder()
                .key(Signature.DEFAULT_KEY)
                .methodName("tensorflow/serving/predict")
                .input(CROPS, model.input())
                .output(HEATMAPS, model.outputs().heatmaps())
                .output(KEYPOINTS, model.keypoints())
                .build();
        SavedModelBundle.exporter(dir.toString())
                .withSession(model.session())
                .withSignature(signature)
                .export();
        Path description = dir.resolve(DESCRIPTION);
        Files.createDirectories(description.getParent());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("identity", model.identity());
        info.put("config", model.config());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(description.toFile(), info);
    }

    static ModelConfig readConfig(Path dir) throws IOException {
        var node = new ObjectMapper().readTree(dir.resolve(DESCRIPTION).toFile());
        return new ObjectMapper().treeToValue(node.get("config"), ModelConfig.class);
    }

    static String readIdentity(Path dir) throws IOException {
        return new ObjectMapper()
                .readTree(dir.resolve(DESCRIPTION).toFile())
                .get("identity")
                .asText();
    }
}
