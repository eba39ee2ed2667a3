package dev.tokenpose.pipeline;

import dev.tokenpose.FramePoseEstimator;
import dev.tokenpose.ModelSpec;
import dev.tokenpose.detect.PersonDetector;
import dev.tokenpose.detect.PersonDetectors;
import java.io.IOException;
import java.io.Serializable;

/**
 * Everything needed to open a {@link PersonPipeline} where it runs: the pose model, the person
 * detector by name, and the detection/tracking settings. Serializable, so a stream job can ship it
 * to its workers.
 *
 * @param model the pose model
 * @param detector a detector name of {@link PersonDetectors}; {@code none} treats frames without
 *     given boxes as one whole-frame person
 * @param settings detection interval, tracking and smoothing
 */
public record PipelineSpec(ModelSpec model, String detector, PipelineSettings settings) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Opens the detector and the model. */
    public PersonPipeline open() throws IOException {
        PersonDetector d = detector.equals(PersonDetectors.NONE) ? null : PersonDetectors.open(detector);
        try {
            return new PersonPipeline(d, new FramePoseEstimator(model.openEstimator()), settings);
        } catch (IOException | RuntimeException e) {
            if (d != null) {
                d.close();
            }
            throw e;
        }
    }
}
