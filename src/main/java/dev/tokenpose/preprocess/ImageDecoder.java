package dev.tokenpose.preprocess;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.IOException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/** Decodes compressed image bytes (JPEG, PNG, anything OpenCV reads) into a BGR image. */
public final class ImageDecoder {

    private ImageDecoder() {}

    /**
     * @param encoded the file bytes of an image
     * @return the BGR image, decoded as {@code imread} would ({@code IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION})
     * @throws IOException if the bytes are not an image OpenCV can decode
     */
    public static BgrImage decode(byte[] encoded) throws IOException {
        if (encoded.length == 0) {
            throw new IOException("empty image payload");
        }
        try (PointerScope scope = new PointerScope();
                BytePointer bytes = new BytePointer(encoded);
                Mat buf = new Mat(1, encoded.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, bytes)) {
            Mat mat = imdecode(buf, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION);
            if (mat == null || mat.empty()) {
                throw new IOException("payload of " + encoded.length + " bytes is not a decodable image");
            }
            return CropExtractor.toBgrImage(mat);
        }
    }
}
