package dev.tokenpose.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.tokenpose.preprocess.BgrImage;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;

/**
 * Person detection with OpenCV's HOG descriptor and its default people SVM (Dalal and Triggs,
 * trained on INRIA pedestrians): no model file, so it always works, but it finds only upright,
 * mostly unoccluded people.
 *
 * <p>The SVM's 64×128 window holds a person about 96 px tall, so frames are enlarged first to find
 * smaller people. Each window is shrunk to the person inside it (the INRIA margins), so its boxes
 * are comparable with a tight detector's. Scores are SVM margins, not probabilities. Calls are
 * serialised on one descriptor: safe to call from several threads, but they do not run in
 * parallel (OpenCV parallelises each call across cores instead).
 */
public final class HogPersonDetector implements PersonDetector {

    // The person inside an INRIA window: 16 of 128 px above and below, about a quarter of the width each side.
    private static final double MARGIN_X = 0.25;
    private static final double MARGIN_Y = 0.125;

    /**
     * Detection settings, as {@code HOGDescriptor.detectMultiScale} takes them.
     *
     * @param upscale the frame is enlarged by this factor first (≥ 1); with 2, people from about 48 px
     *     tall are found
     * @param scaleStep ratio between pyramid levels (> 1)
     * @param hitThreshold SVM margin a window needs
     * @param groupThreshold windows needed to confirm a person when overlapping windows are grouped
     * @param winStride window step in pixels of the enlarged frame
     */
    public record Options(double upscale, double scaleStep, double hitThreshold, int groupThreshold, int winStride) {

        /** Settings chosen on the labelled frames (see the evaluation in the test resources). */
        public static final Options DEFAULT = new Options(2.0, 1.1, 0.0, 2, 8);

        /** Checks the ranges. */
        public Options {
            if (!(upscale >= 1) || !(scaleStep > 1) || groupThreshold < 0 || winStride < 1) {
                throw new IllegalArgumentException(
                        "need upscale >= 1, scaleStep > 1, groupThreshold >= 0 and" + " winStride >= 1");
            }
        }
    }

    private final Options options;
    private final HOGDescriptor hog;

    /**
     * Creates a detector.
     *
     * @param options detection settings
     */
    public HogPersonDetector(Options options) {
        this.options = options;
        this.hog = new HOGDescriptor();
        // setSVMDetector copies the coefficients, so their native buffers can go right away.
        try (FloatPointer coefficients = HOGDescriptor.getDefaultPeopleDetector();
                Mat svm = new Mat(coefficients)) {
            hog.setSVMDetector(svm);
        }
    }

    /** Creates a detector with {@link Options#DEFAULT}. */
    public HogPersonDetector() {
        this(Options.DEFAULT);
    }

    @Override
    public String name() {
        return "hog";
    }

    /** The settings in use. */
    public Options options() {
        return options;
    }

    @Override
    public List<Detection> detect(BgrImage frame) {
        List<Detection> found = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            Mat image = new Mat(frame.height(), frame.width(), CV_8UC3, new BytePointer(frame.pixels()));
            double s = options.upscale();
            if (s != 1) {
                Mat big = new Mat();
                resize(image, big, new Size(), s, s, INTER_LINEAR);
                image = big;
            }
            RectVector rects = new RectVector();
            DoublePointer weights = new DoublePointer();
            synchronized (hog) {
                hog.detectMultiScale(
                        image,
                        rects,
                        weights,
                        options.hitThreshold(),
                        new Size(options.winStride(), options.winStride()),
                        new Size(16, 16),
                        options.scaleStep(),
                        options.groupThreshold(),
                        false);
            }
            for (int i = 0; i < rects.size(); i++) {
                Rect r = rects.get(i);
                double x = (r.x() + MARGIN_X * r.width()) / s;
                double y = (r.y() + MARGIN_Y * r.height()) / s;
                double w = (1 - 2 * MARGIN_X) * r.width() / s;
                double h = (1 - 2 * MARGIN_Y) * r.height() / s;
                double x0 = Math.max(0, x);
                double y0 = Math.max(0, y);
                double x1 = Math.min(frame.width(), x + w);
                double y1 = Math.min(frame.height(), y + h);
                // Grouping leaves no weights; every kept group then scores the same.
                double score = weights.limit() > i ? weights.get(i) : 1;
                if (x1 > x0 && y1 > y0) {
                    found.add(new Detection(x0, y0, x1 - x0, y1 - y0, score));
                }
            }
        }
        found.sort((a, b) -> Double.compare(b.score(), a.score()));
        return found;
    }

    @Override
    public void close() {
        hog.close();
    }
}
