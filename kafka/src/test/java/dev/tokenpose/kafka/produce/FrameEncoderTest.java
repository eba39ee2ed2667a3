package dev.tokenpose.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameEncoderTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");

    @Test
    void fittedSizeKeepsTheAspectRatioWithinBothLimits() {
        assertThat(FrameEncoder.fittedSize(1920, 1080, 640, 0)).containsExactly(640, 360);
        assertThat(FrameEncoder.fittedSize(1920, 1080, 0, 540)).containsExactly(960, 540);
        assertThat(FrameEncoder.fittedSize(1920, 1080, 640, 200)).containsExactly(356, 200);
        assertThat(FrameEncoder.fittedSize(768, 576, 384, 384)).containsExactly(384, 288);
    }

    @Test
    void fittedSizeNeverEnlarges() {
        assertThat(FrameEncoder.fittedSize(320, 240, 640, 480)).containsExactly(320, 240);
        assertThat(FrameEncoder.fittedSize(320, 240, 0, 0)).containsExactly(320, 240);
    }

    @Test
    void encodesAJpegThatDecodesToTheStatedSize() {
        try (Mat image = gradient(64, 48)) {
            VideoFrame frame = FrameEncoder.defaults().encode(image, "cam", 3, NOW, Map.of("source", "test"));
            assertThat(frame.getEncoding()).isEqualTo(FrameEncoding.JPEG);
            assertThat(frame.getStreamId()).isEqualTo("cam");
            assertThat(frame.getSequence()).isEqualTo(3);
            assertThat(frame.getWidth()).isEqualTo(64);
            assertThat(frame.getHeight()).isEqualTo(48);
            assertThat(frame.getMetadata()).containsEntry("source", "test");
            assertThat(frame.getBoxes()).isNull();
            assertThat(frame.getPayload().get(0)).isEqualTo((byte) 0xFF);
            try (Mat decoded = FrameEncoder.decode(frame)) {
                assertThat(decoded.cols()).isEqualTo(64);
                assertThat(decoded.rows()).isEqualTo(48);
                assertThat(decoded.channels()).isEqualTo(3);
            }
        }
    }

    @Test
    void captureTimeIsKeptToTheMicrosecond() {
        try (Mat image = gradient(8, 8)) {
            VideoFrame frame = FrameEncoder.defaults().encode(image, "cam", 0, NOW, null);
            assertThat(frame.getCaptureTime()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
            assertThat(frame.getMetadata()).isNull();
        }
    }

    @Test
    void scalesLargeFramesDownToTheLimits() {
        try (Mat image = gradient(768, 576)) {
            VideoFrame frame = new FrameEncoder(80, 384, 0).encode(image, "cam", 0, NOW, null);
            assertThat(frame.getWidth()).isEqualTo(384);
            assertThat(frame.getHeight()).isEqualTo(288);
            try (Mat decoded = FrameEncoder.decode(frame)) {
                assertThat(decoded.cols()).isEqualTo(384);
                assertThat(decoded.rows()).isEqualTo(288);
            }
        }
    }

    @Test
    void lowerQualityGivesSmallerPayloads() {
        try (Mat image = noise(320, 240)) {
            int high = new FrameEncoder(95, 0, 0)
                    .encode(image, "cam", 0, NOW, null)
                    .getPayload()
                    .remaining();
            int low = new FrameEncoder(30, 0, 0)
                    .encode(image, "cam", 0, NOW, null)
                    .getPayload()
                    .remaining();
            assertThat(low).isLessThan(high);
        }
    }

    @Test
    void encodesFourChannelImagesAsColourJpegs() {
        try (Mat image = new Mat(10, 12, opencv_core.CV_8UC4, new Scalar(10, 20, 30, 255))) {
            VideoFrame frame = FrameEncoder.defaults().encode(image, "cam", 0, NOW, null);
            try (Mat decoded = FrameEncoder.decode(frame)) {
                assertThat(decoded.cols()).isEqualTo(12);
                assertThat(decoded.channels()).isEqualTo(3);
            }
        }
    }

    @Test
    void encodesImageFiles(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("person.png");
        try (Mat image = gradient(40, 30)) {
            assertThat(imwrite(png.toString(), image)).isTrue();
        }
        VideoFrame frame = FrameEncoder.defaults().encodeImage(png, "stills", 5, NOW);
        assertThat(frame.getWidth()).isEqualTo(40);
        assertThat(frame.getHeight()).isEqualTo(30);
        assertThat(frame.getMetadata()).containsEntry("source", "person.png");
        assertThatThrownBy(() -> FrameEncoder.defaults().encodeImage(dir.resolve("missing.png"), "s", 0, NOW))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void decodingAPayloadThatIsNoImageFails() {
        VideoFrame frame = dev.tokenpose.kafka.testing.Records.videoFrame("cam", 0);
        assertThatThrownBy(() -> FrameEncoder.decode(frame))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a decodable JPEG image");
    }

    @Test
    void rejectsQualitiesOutsideOneToHundred() {
        assertThatThrownBy(() -> new FrameEncoder(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameEncoder(101, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    static Mat gradient(int width, int height) {
        Mat m = new Mat(height, width, opencv_core.CV_8UC3);
        byte[] px = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                px[i] = (byte) (x * 255 / Math.max(1, width - 1));
                px[i + 1] = (byte) (y * 255 / Math.max(1, height - 1));
                px[i + 2] = (byte) 128;
            }
        }
        m.data().put(px);
        return m;
    }

    static Mat noise(int width, int height) {
        Mat m = new Mat(height, width, opencv_core.CV_8UC3);
        byte[] px = new byte[width * height * 3];
        new java.util.Random(1).nextBytes(px);
        m.data().put(px);
        return m;
    }
}
