package dev.tokenpose.tf;

import dev.tokenpose.HeatmapModel;
import dev.tokenpose.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** A model loaded from a SavedModel written by {@link SavedModelExport}, run through its serving signature. */
public final class SavedModelHeatmapModel implements HeatmapModel {

    private final SavedModelBundle bundle;
    private final SessionFunction serving;
    private final ModelConfig config;
    private final String identity;

    private SavedModelHeatmapModel(SavedModelBundle bundle, ModelConfig config, String identity) {
        this.bundle = bundle;
        this.serving = bundle.function(org.tensorflow.Signature.DEFAULT_KEY);
        this.config = config;
        this.identity = identity;
    }

    /**
     * @param dir the SavedModel folder
     * @return the loaded model; close it when done
     * @throws IOException if the folder holds no readable export of this project
     */
    public static SavedModelHeatmapModel load(Path dir) throws IOException {
        ModelConfig config = SavedModelExport.readConfig(dir);
        String identity = SavedModelExport.readIdentity(dir);
        return new SavedModelHeatmapModel(
                SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG), config, identity);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public float[] heatmaps(float[] input, int batch) {
        return call(input, batch, SavedModelExport.HEATMAPS);
    }

    /** Heatmap-space keypoints [batch, K, 3] from the signature's {@code keypoints} output. */
    public float[] keypoints(float[] input, int batch) {
        return call(input, batch, SavedModelExport.KEYPOINTS);
    }

    private float[] call(float[] input, int batch, String output) {
        Shape shape = Shape.of(batch, 3, config.imageHeight(), config.imageWidth());
        if (input.length != shape.size()) {
            throw new IllegalArgumentException(
                    "input holds " + input.length + " values, " + shape + " needs " + shape.size());
        }
        try (TFloat32 x = TFloat32.tensorOf(shape, DataBuffers.of(input, true, false));
                Result r = serving.call(Map.of(SavedModelExport.CROPS, x))) {
            TFloat32 t = (TFloat32) r.get(output).orElseThrow();
            float[] out = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(out, false, false));
            return out;
        }
    }

    @Override
    public void close() {
        bundle.close();
    }
}
