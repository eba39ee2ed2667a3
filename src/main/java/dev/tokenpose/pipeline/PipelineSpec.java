package dev.tokenpose.pipeline;

import dev.tokenpose.ComputeDevice;
import dev.tokenpose.FramePoseEstimator;
import dev.tokenpose.ModelSpec;
import dev.tokenpose.detect.PersonDetector;
import dev.tokenpose.detect.PersonDetectors;
import dev.tokenpose.tf.TokenPoseModels;
import java.io.IOException;
import java.io.Serializable;

/**
 * Everything needed to open a {@link PersonPipeline} where it runs: the pose model, the person
 * detector by name, and the detection/tracking settings. Serializable, so a stream job can ship it
 * to its workers.
 *
 * @param model the pose model
 * @param detector a detector name of {@link PersonDetectors}; {@code none}: each frame without
 *     given boxes is one whole-frame person
 * @param settings detection interval, tracking and smoothing
 */
public record PipelineSpec(ModelSpec model, String detector, PipelineSettings settings) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * This spec with the model, and so the detector, on another device.
     *
     * @param device where the TensorFlow sessions run
     * @return the spec
     */
    public PipelineSpec onDevice(ComputeDevice device) {
        return new PipelineSpec(model.withDevice(device), detector, settings);
    }

    /**
     * Opens the model, then the detector on the model's device: TensorFlow's thread pools are per
     * process and sized by the first session, which must be the model's for its thread settings
     * to count.
     *
     * @return the pipeline; closing it closes the model and the detector
     * @throws java.nio.file.NoSuchFileException if the weights file does not exist
     * @throws IllegalArgumentException if the detector name is unknown
     * @throws IOException if the detector's model cannot be read (the pose model is closed again)
     */
    public PersonPipeline open() throws IOException {
        FramePoseEstimator estimator = new FramePoseEstimator(TokenPoseModels.openEstimator(model));
        try {
            PersonDetector d = PersonDetectors.open(detector, model.device());
            try {
                return new PersonPipeline(d, estimator, settings);
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            estimator.close();
            throw e;
        }
    }
}
