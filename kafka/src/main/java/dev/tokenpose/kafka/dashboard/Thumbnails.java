package dev.tokenpose.kafka.dashboard;

import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Downscaled JPEG copies of frames for the page: a camera's full-size frames several times a
 * second per stream would swamp a browser. Pure Java (ImageIO), thread-safe.
 */
final class Thumbnails {

    /** JPEG quality of the thumbnails: small files, faces and limbs still recognisable. */
    static final float QUALITY = 0.7f;

    private final int maxWidth;

    Thumbnails(int maxWidth) {
        this.maxWidth = maxWidth;
    }

    /**
     * The frame as a JPEG at most {@code maxWidth} wide, keeping its aspect ratio.
     *
     * @return the JPEG, or empty when the payload is not an image of its stated encoding and size
     */
    Optional<byte[]> jpeg(VideoFrame frame) {
        BufferedImage image = decode(frame);
        if (image == null) {
            return Optional.empty();
        }
        int w = Math.min(maxWidth, image.getWidth());
        int h = Math.max(1, Math.round((float) image.getHeight() * w / image.getWidth()));
        // Drawn onto RGB: the JPEG writer rejects alpha, and the scaling happens on the way.
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return Optional.of(encode(small));
    }

    private static BufferedImage decode(VideoFrame frame) {
        byte[] bytes = bytes(frame.getPayload());
        if (frame.getEncoding() == FrameEncoding.RAW_BGR) {
            int w = frame.getWidth();
            int h = frame.getHeight();
            if (w <= 0 || h <= 0 || (long) w * h * 3 != bytes.length) {
                return null;
            }
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            System.arraycopy(bytes, 0, pixels, 0, bytes.length);
            return image;
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            return image == null || image.getWidth() < 1 || image.getHeight() < 1 ? null : image;
        } catch (IOException | RuntimeException e) {
            // A corrupt payload is the pose job's dead letter; here it only means no picture.
            return null;
        }
    }

    private static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a JPEG in memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
