package dev.tokenpose.flink;

import dev.tokenpose.PersonPose;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.Keypoint;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.track.TrackedPerson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Maps the core's tracked poses onto the Avro records of the poses topic. */
final class PoseFrames {

    private PoseFrames() {}

    private static List<Keypoint> keypoints(float[] k) {
        List<Keypoint> out = new ArrayList<>(k.length / 3);
        for (int j = 0; j + 2 < k.length; j += 3) {
            out.add(new Keypoint(k[j], k[j + 1], k[j + 2]));
        }
        return out;
    }

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

    static PoseFrame of(VideoFrame frame, long ingestTimeMicros, ModelIdentity model, List<TrackedPerson> tracked) {
        List<Person> persons = new ArrayList<>(tracked.size());
        for (TrackedPerson tp : tracked) {
            PersonPose p = tp.smoothed();
            double[] b = p.box();
            float[] k = p.keypoints();
            boolean smoothed = tp.rawKeypoints() != null && !Arrays.equals(tp.rawKeypoints(), k);
            persons.add(Person.newBuilder()
                    .setTrackId(tp.trackId())
                    .setBox(new Box((float) b[0], (float) b[1], (float) b[2], (float) b[3], (float) p.boxScore()))
                    .setKeypoints(keypoints(k))
                    .setScore((float) p.score())
                    .setRawKeypoints(smoothed ? keypoints(tp.rawKeypoints()) : null)
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
