package dev.tokenpose.video;

import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CropExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;

/** Decodes a video file frame by frame into BGR images with their presentation times. */
public final class VideoReader implements AutoCloseable {

    /** A decoded frame. */
    public record VideoFrameImage(long index, double timeSeconds, BgrImage image) {}

    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private long index;

    private VideoReader(FFmpegFrameGrabber grabber) {
        this.grabber = grabber;
    }

    /**
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException if FFmpeg cannot open it as a video
     */
    public static VideoReader open(Path file) throws IOException {
        // FFmpeg prints stream details at INFO; keep the console to errors.
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
        } catch (FrameGrabber.Exception e) {
            g.close();
            throw new IOException("cannot open video " + file + ": " + e.getMessage(), e);
        }
        return new VideoReader(g);
    }

    public double frameRate() {
        double r = grabber.getFrameRate();
        return r > 0 && Double.isFinite(r) ? r : 25;
    }

    /** Frames the container announces, or 0 when unknown. */
    public long frameCount() {
        return Math.max(0, grabber.getLengthInVideoFrames());
    }

    public int width() {
        return grabber.getImageWidth();
    }

    public int height() {
        return grabber.getImageHeight();
    }

    /** The next frame, or null at the end. */
    public VideoFrameImage next() throws IOException {
        Frame f = grabber.grabImage();
        if (f == null) {
            return null;
        }
        double t = grabber.getTimestamp() > 0 ? grabber.getTimestamp() / 1e6 : index / frameRate();
        BgrImage image = CropExtractor.toBgrImage(converter.convert(f));
        return new VideoFrameImage(index++, t, image);
    }

    @Override
    public void close() throws IOException {
        grabber.close();
        converter.close();
    }
}
