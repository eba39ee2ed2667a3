package dev.tokenpose.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.ImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The hand-labelled frames in {@code detection/labels.json} and the recall/precision matching. */
final class LabelledFrames {

    /** IoU a detection needs with a labelled person to count as a hit. */
    static final double MATCH_IOU = 0.5;

    /**
     * One labelled frame.
     *
     * @param file the image's file name under {@code detection/}
     * @param image the decoded frame
     * @param persons the people that must be found
     * @param ignored people that are neither required nor false positives
     */
    record Frame(String file, BgrImage image, List<Detection> persons, List<Detection> ignored) {}

    /**
     * Matching counts.
     *
     * @param hits detections matched to a labelled person
     * @param falsePositives detections matching no person
     * @param misses labelled persons no detection matched
     */
    record Counts(int hits, int falsePositives, int misses) {

        Counts plus(Counts o) {
            return new Counts(hits + o.hits, falsePositives + o.falsePositives, misses + o.misses);
        }

        double recall() {
            return hits + misses == 0 ? 1 : (double) hits / (hits + misses);
        }

        double precision() {
            return hits + falsePositives == 0 ? 1 : (double) hits / (hits + falsePositives);
        }
    }

    /**
     * A detector's result over all frames.
     *
     * @param counts summed counts
     * @param msPerFrame mean steady-state time of one frame's detection
     */
    record Evaluation(Counts counts, double msPerFrame) {}

    private LabelledFrames() {}

    static List<Frame> load() {
        try (InputStream in = LabelledFrames.class.getResourceAsStream("/detection/labels.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Frame> frames = new ArrayList<>();
            for (JsonNode f : root.get("frames")) {
                List<Detection> persons = new ArrayList<>();
                List<Detection> ignored = new ArrayList<>();
                for (JsonNode p : f.get("persons")) {
                    JsonNode b = p.get("box");
                    Detection d = new Detection(
                            b.get(0).asDouble(),
                            b.get(1).asDouble(),
                            b.get(2).asDouble(),
                            b.get(3).asDouble(),
                            1);
                    (p.path("ignore").asBoolean(false) ? ignored : persons).add(d);
                }
                String file = f.get("file").asText();
                frames.add(new Frame(file, image(file), persons, ignored));
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BgrImage image(String file) throws IOException {
        try (InputStream in = LabelledFrames.class.getResourceAsStream("/detection/" + file)) {
            if (in == null) {
                throw new IOException("test resource detection/" + file + " is missing");
            }
            return ImageDecoder.decode(in.readAllBytes());
        }
    }

    /**
     * Matches detections to labels greedily by descending score: each detection takes the unmatched
     * person it overlaps most (IoU ≥ {@value #MATCH_IOU}); one that only overlaps an ignored person
     * does not count.
     */
    static Counts match(List<Detection> detections, Frame frame) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        boolean[] taken = new boolean[frame.persons().size()];
        int hits = 0;
        int falsePositives = 0;
        for (Detection d : sorted) {
            int best = -1;
            double bestIou = MATCH_IOU;
            for (int i = 0; i < taken.length; i++) {
                double iou = d.iou(frame.persons().get(i));
                if (!taken[i] && iou >= bestIou) {
                    best = i;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                taken[best] = true;
                hits++;
            } else if (frame.ignored().stream().noneMatch(g -> d.iou(g) >= MATCH_IOU)) {
                falsePositives++;
            }
        }
        return new Counts(hits, falsePositives, taken.length - hits);
    }

    /** Runs the detector once over the frames to warm up, then times a second pass. */
    static Evaluation evaluate(PersonDetector detector, List<Frame> frames) {
        frames.forEach(f -> detector.detect(f.image()));
        Counts total = new Counts(0, 0, 0);
        long start = System.nanoTime();
        List<List<Detection>> found = new ArrayList<>();
        for (Frame f : frames) {
            found.add(detector.detect(f.image()));
        }
        double ms = (System.nanoTime() - start) / 1e6 / frames.size();
        for (int i = 0; i < frames.size(); i++) {
            total = total.plus(match(found.get(i), frames.get(i)));
        }
        return new Evaluation(total, ms);
    }
}
