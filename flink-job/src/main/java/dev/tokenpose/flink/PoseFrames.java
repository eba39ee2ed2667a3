package dev.tokenpose.flink;

import dev.tokenpose.PersonPose;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.Keypoint;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps the core's poses onto the Avro records of the poses topic. */
final class PoseFrames {

    private PoseFrames() {}

    /**
     * @param identity the estimator's identity, {@code <variant>@<weights>}
     * @param placeholder whether the weights are untrained
     */
    static ModelIdentity identity(String identity, boolean placeholder) {
        int at = identity.indexOf('@');
        return ModelIdentity.newBuilder()
                .setVariant(at < 0 ? identity : identity.substring(0, at))
                .setWeights(at < 0 ? "" : identity.substring(at + 1))
                .setTrained(!placeholder)
                .build();
    }

    static PoseFrame of(VideoFrame frame, long ingestTimeMicros, ModelIdentity model, List<PersonPose> poses) {
        List<Person> persons = new ArrayList<>(poses.size());
        for (PersonPose p : poses) {
            double[] b = p.box();
            List<Keypoint> kps = new ArrayList<>(p.joints());
            float[] k = p.keypoints();
            for (int j = 0; j < p.joints(); j++) {
                kps.add(new Keypoint(k[3 * j], k[3 * j + 1], k[3 * j + 2]));
            }
            persons.add(Person.newBuilder()
                    .setTrackId(null)
                    .setBox(new Box((float) b[0], (float) b[1], (float) b[2], (float) b[3], (float) p.boxScore()))
                    .setKeypoints(kps)
                    .setScore((float) p.score())
                    .build());
        }
        return PoseFrame.newBuilder()
                .setStreamId(frame.getStreamId())
                .setSequence(frame.getSequence())
                .setCaptureTime(frame.getCaptureTime())
                .setIngestTime(Instant.EPOCH.plusNanos(ingestTimeMicros * 1000))
                .setInferenceTime(DeadLetters.now())
                .setModel(model)
                .setWidth(frame.getWidth())
                .setHeight(frame.getHeight())
                .setPersons(persons)
                .build();
    }
}
