package dev.tokenpose.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** Encodes annotated frames into a video file: H.264 when FFmpeg has an encoder for it, else MPEG-4. */
public final class VideoWriter implements AutoCloseable {

    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();

    private VideoWriter(FFmpegFrameRecorder recorder) {
        this.recorder = recorder;
    }

    public static VideoWriter open(Path file, int width, int height, double frameRate) throws IOException {
        // FFmpeg prints stream details at INFO; keep the console to errors.
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        FrameRecorder.Exception first = null;
        for (int codec : new int[] {AV_CODEC_ID_H264, AV_CODEC_ID_MPEG4}) {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
            r.setVideoCodec(codec);
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(frameRate);
            r.setVideoQuality(codec == AV_CODEC_ID_MPEG4 ? 3 : 23);
            try {
                r.start();
                return new VideoWriter(r);
            } catch (FrameRecorder.Exception e) {
                first = first == null ? e : first;
                r.close();
            }
        }
        throw new IOException("cannot write video " + file + ": " + first.getMessage(), first);
    }

    public void write(Mat bgr) throws IOException {
        recorder.record(converter.convert(bgr));
    }

    @Override
    public void close() throws IOException {
        recorder.close();
        converter.close();
    }
}
