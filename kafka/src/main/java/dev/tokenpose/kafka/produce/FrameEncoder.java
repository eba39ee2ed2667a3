package dev.tokenpose.kafka.produce;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Turns decoded images into {@link VideoFrame}s: optional downscaling to a maximum size (keeping
 * the aspect ratio, never enlarging) and JPEG encoding with OpenCV. One instance per thread: the
 * JavaCV frame converter it holds is not thread-safe.
 */
public final class FrameEncoder {

    /** Default JPEG quality (0–100). */
    public static final int DEFAULT_JPEG_QUALITY = 90;
    /** A maximum width or height of 0 leaves that side unlimited. */
    public static final int NO_LIMIT = 0;

    private final int jpegQuality;
    private final int maxWidth;
    private final int maxHeight;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();

    /**
     * An encoder with the given JPEG quality and size limits.
     *
     * @param jpegQuality 1–100
     * @param maxWidth largest width in pixels, or {@link #NO_LIMIT}
     * @param maxHeight largest height in pixels, or {@link #NO_LIMIT}
     */
    public FrameEncoder(int jpegQuality, int maxWidth, int maxHeight) {
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality must be within 1..100, got " + jpegQuality);
        }
        if (maxWidth < 0 || maxHeight < 0) {
            throw new IllegalArgumentException("maximum width and height must not be negative");
        }
        this.jpegQuality = jpegQuality;
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
    }

    /** An encoder at {@link #DEFAULT_JPEG_QUALITY} without size limits. */
    public static FrameEncoder defaults() {
        return new FrameEncoder(DEFAULT_JPEG_QUALITY, NO_LIMIT, NO_LIMIT);
    }

    /**
     * The size an image of {@code width × height} is scaled to so that it fits {@code maxWidth ×
     * maxHeight}: the same aspect ratio (rounded to whole pixels), never larger than the original.
     *
     * @return {@code {width, height}}
     */
    public static int[] fittedSize(int width, int height, int maxWidth, int maxHeight) {
        double scale = 1.0;
        if (maxWidth > 0 && width > maxWidth) {
            scale = Math.min(scale, (double) maxWidth / width);
        }
        if (maxHeight > 0 && height > maxHeight) {
            scale = Math.min(scale, (double) maxHeight / height);
        }
        if (scale == 1.0) {
            return new int[] {width, height};
        }
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        // Rounding must not push a side past its limit.
        return new int[] {maxWidth > 0 ? Math.min(w, maxWidth) : w, maxHeight > 0 ? Math.min(h, maxHeight) : h};
    }

    /**
     * Encodes a frame grabbed by JavaCV (BGR, as its grabbers deliver by default).
     *
     * @param frame an image frame; its pixels are only read during this call
     * @param streamId the stream the frame belongs to
     * @param sequence the frame's number within the stream
     * @param captureTime when the frame was captured; kept to the microsecond
     * @param metadata producer metadata, or null
     * @return the record
     */
    public VideoFrame encode(
            Frame frame, String streamId, long sequence, Instant captureTime, Map<String, String> metadata) {
        if (frame == null || frame.image == null) {
            throw new IllegalArgumentException("not an image frame");
        }
        // The converter's Mat views the frame's pixels and is reused: nothing to release here.
        Mat image = converter.convert(frame);
        return encode(image, streamId, sequence, captureTime, metadata);
    }

    /**
     * Encodes an OpenCV image (8-bit BGR, BGRA or grey).
     *
     * @param image the pixels; only read
     * @param streamId the stream the frame belongs to
     * @param sequence the frame's number within the stream
     * @param captureTime when the frame was captured; kept to the microsecond
     * @param metadata producer metadata, or null
     * @return the record
     */
    public VideoFrame encode(
            Mat image, String streamId, long sequence, Instant captureTime, Map<String, String> metadata) {
        if (image == null || image.empty()) {
            throw new IllegalArgumentException("empty image");
        }
        if (image.depth() != opencv_core.CV_8U) {
            throw new IllegalArgumentException("only 8-bit images can be encoded, got depth " + image.depth());
        }
        int[] size = fittedSize(image.cols(), image.rows(), maxWidth, maxHeight);
        byte[] jpeg;
        try (Mat bgr = image.channels() == 4 ? new Mat() : null) {
            Mat source = image;
            if (bgr != null) {
                cvtColor(image, bgr, COLOR_BGRA2BGR);
                source = bgr;
            }
            if (size[0] == source.cols() && size[1] == source.rows()) {
                jpeg = jpeg(source);
            } else {
                try (Mat scaled = new Mat();
                        Size target = new Size(size[0], size[1])) {
                    // Area averaging is the resampling without aliasing when shrinking.
                    resize(source, scaled, target, 0, 0, INTER_AREA);
                    jpeg = jpeg(scaled);
                }
            }
        }
        return VideoFrame.newBuilder()
                .setStreamId(streamId)
                .setSequence(sequence)
                .setCaptureTime(captureTime.truncatedTo(ChronoUnit.MICROS))
                .setWidth(size[0])
                .setHeight(size[1])
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(jpeg))
                .setBoxes(null)
                .setMetadata(metadata == null ? null : new HashMap<>(metadata))
                .build();
    }

    /**
     * Reads an image file and encodes it as one frame, e.g. to make test frames from pictures.
     *
     * @param imageFile any format OpenCV reads (JPEG, PNG, ...)
     * @param streamId the stream the frame belongs to
     * @param sequence the frame's number within the stream
     * @param captureTime when the frame was captured
     * @return the record, with the file name as {@code source} metadata
     * @throws IOException when the file is missing or not an image
     */
    public VideoFrame encodeImage(Path imageFile, String streamId, long sequence, Instant captureTime)
            throws IOException {
        if (!Files.isRegularFile(imageFile)) {
            throw new NoSuchFileException(imageFile.toString());
        }
        try (Mat image = imread(imageFile.toString(), IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION)) {
            if (image == null || image.empty()) {
                throw new IOException("not an image OpenCV can read: " + imageFile);
            }
            return encode(
                    image,
                    streamId,
                    sequence,
                    captureTime,
                    Map.of("source", imageFile.getFileName().toString()));
        }
    }

    /**
     * Decodes a frame's JPEG or PNG payload to an 8-bit BGR image.
     *
     * @param frame a JPEG or PNG frame
     * @return a new image; the caller closes it
     * @throws IllegalArgumentException when the payload is not a decodable image
     */
    public static Mat decode(VideoFrame frame) {
        if (frame.getEncoding() == FrameEncoding.RAW_BGR) {
            throw new IllegalArgumentException("raw BGR frames hold no encoded image");
        }
        ByteBuffer payload = frame.getPayload().duplicate();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        try (BytePointer data = new BytePointer(bytes);
                Mat encoded = new Mat(1, bytes.length, opencv_core.CV_8UC1, data)) {
            Mat image = imdecode(encoded, IMREAD_COLOR);
            if (image == null || image.empty()) {
                throw new IllegalArgumentException("payload of frame " + frame.getSequence() + " of stream "
                        + frame.getStreamId() + " is not a decodable " + frame.getEncoding() + " image");
            }
            return image;
        }
    }

    private byte[] jpeg(Mat image) {
        try (BytePointer buffer = new BytePointer();
                IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality)) {
            if (!imencode(".jpg", image, buffer, params)) {
                throw new IllegalStateException(
                        "OpenCV could not encode a " + image.cols() + "x" + image.rows() + " image as JPEG");
            }
            byte[] out = new byte[(int) buffer.limit()];
            buffer.get(out);
            return out;
        }
    }
}
