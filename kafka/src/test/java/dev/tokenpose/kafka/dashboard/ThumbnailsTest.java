package dev.tokenpose.kafka.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Frames downscaled for the page. */
class ThumbnailsTest {

    @Test
    void shouldDownscaleAJpegKeepingItsAspectAndColours() throws IOException {
        BufferedImage big = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setColor(new Color(200, 30, 30));
        g.fillRect(0, 0, 640, 720);
        g.setColor(new Color(30, 30, 200));
        g.fillRect(640, 0, 640, 720);
        g.dispose();

        BufferedImage small = read(new Thumbnails(320)
                .jpeg(frame(FrameEncoding.JPEG, encode(big, "jpeg"), 1280, 720))
                .orElseThrow());

        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(180);
        assertThat(new Color(small.getRGB(40, 90)).getRed()).isGreaterThan(150);
        assertThat(new Color(small.getRGB(280, 90)).getBlue()).isGreaterThan(150);
    }

    @Test
    void shouldNeverUpscaleAndShouldReadRawBgr() throws IOException {
        // Two pixels, blue then red, in BGR order.
        byte[] raw = {(byte) 255, 0, 0, 0, 0, (byte) 255};

        BufferedImage out = read(new Thumbnails(480)
                .jpeg(frame(FrameEncoding.RAW_BGR, raw, 2, 1))
                .orElseThrow());

        assertThat(out.getWidth()).isEqualTo(2);
        assertThat(out.getHeight()).isEqualTo(1);
    }

    @Test
    void shouldGiveNothingForPayloadsThatAreNotTheirImage() {
        Thumbnails t = new Thumbnails(480);

        assertThat(t.jpeg(frame(FrameEncoding.JPEG, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}, 4, 2)))
                .isEmpty();
        assertThat(t.jpeg(frame(FrameEncoding.RAW_BGR, new byte[5], 2, 1))).isEmpty();
    }

    static VideoFrame frame(FrameEncoding encoding, byte[] payload, int width, int height) {
        return VideoFrame.newBuilder()
                .setStreamId("cam")
                .setSequence(0)
                .setCaptureTime(Instant.EPOCH)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(encoding)
                .setPayload(ByteBuffer.wrap(payload))
                .build();
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static BufferedImage read(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }
}
