package dev.tokenpose.preprocess;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cuts the official top-down crops out of an image with OpenCV's {@code warpAffine} (bilinear,
 * constant-0 border) and turns them into the normalised model input.
 */
public final class CropExtractor {

    private CropExtractor() {}

    /**
     * Reads an image file as OpenCV does in the official code ({@code IMREAD_COLOR |
     * IMREAD_IGNORE_ORIENTATION}, so EXIF rotation is not applied).
     *
     * @param file image file
     * @return the decoded BGR image
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException if the file cannot be read or decoded as an image
     */
    public static BgrImage load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IOException("image file is not readable: " + file);
        }
        try (PointerScope scope = new PointerScope()) {
            Mat mat = imread(file.toString(), IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION);
            if (mat == null || mat.empty()) {
                throw new IOException("OpenCV cannot decode the image: " + file);
            }
            return toBgrImage(mat);
        }
    }

    /**
     * Copies an 8-bit 3-channel OpenCV image into a {@link BgrImage}.
     *
     * @param bgr a CV_8UC3 matrix in BGR order
     * @return a copy of its pixels
     */
    public static BgrImage toBgrImage(Mat bgr) {
        requireBgr(bgr);
        try (PointerScope scope = new PointerScope()) {
            Mat dense = bgr.isContinuous() ? bgr : bgr.clone();
            byte[] pixels = new byte[bgr.rows() * bgr.cols() * 3];
            dense.data().get(pixels);
            return new BgrImage(bgr.cols(), bgr.rows(), pixels);
        }
    }

    /**
     * Crops every box and normalises the crops.
     *
     * @param image the BGR image
     * @param boxes person boxes in center/scale form
     * @param width model input width W
     * @param height model input height H
     * @return RGB crops [N, H, W, 3] and the model input [N, 3, H, W]
     */
    public static CropBatch extract(BgrImage image, List<CenterScale> boxes, int width, int height) {
        byte[] rgb = cropRgb(image, boxes, width, height);
        return new CropBatch(
                boxes.size(), height, width, rgb, InputNormalizer.normalize(rgb, boxes.size(), height, width));
    }

    /**
     * Crops every box and normalises the crops.
     *
     * @param bgr the image as a CV_8UC3 matrix in BGR order (not modified, not released)
     * @param boxes person boxes in center/scale form
     * @param width model input width W
     * @param height model input height H
     * @return RGB crops [N, H, W, 3] and the model input [N, 3, H, W]
     */
    public static CropBatch extract(Mat bgr, List<CenterScale> boxes, int width, int height) {
        byte[] rgb = cropRgb(bgr, boxes, width, height);
        return new CropBatch(
                boxes.size(), height, width, rgb, InputNormalizer.normalize(rgb, boxes.size(), height, width));
    }

    /**
     * Crops every box with {@code warpAffine} (INTER_LINEAR, constant-0 border).
     *
     * @param image the BGR image
     * @param boxes person boxes in center/scale form
     * @param width model input width W
     * @param height model input height H
     * @return RGB crops, uint8 [N, H, W, 3]
     */
    public static byte[] cropRgb(BgrImage image, List<CenterScale> boxes, int width, int height) {
        try (PointerScope scope = new PointerScope()) {
            Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
            mat.data().put(image.pixels());
            return cropRgb(mat, boxes, width, height);
        }
    }

    /**
     * {@link #warpRgb(Mat, List, int, int)} on a {@link BgrImage}.
     *
     * @param image the BGR image
     * @param matrices image→crop matrices
     * @param width crop width
     * @param height crop height
     * @return RGB crops, uint8 [N, H, W, 3]
     */
    public static byte[] warpRgb(BgrImage image, List<AffineMatrix> matrices, int width, int height) {
        try (PointerScope scope = new PointerScope()) {
            Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
            mat.data().put(image.pixels());
            return warpRgb(mat, matrices, width, height);
        }
    }

    /**
     * Crops every box with {@code warpAffine} (INTER_LINEAR, constant-0 border).
     *
     * @param bgr the image as a CV_8UC3 matrix in BGR order (not modified, not released)
     * @param boxes person boxes in center/scale form
     * @param width model input width W
     * @param height model input height H
     * @return RGB crops, uint8 [N, H, W, 3]
     */
    public static byte[] cropRgb(Mat bgr, List<CenterScale> boxes, int width, int height) {
        return warpRgb(
                bgr,
                boxes.stream().map(b -> AffineTransforms.crop(b, width, height)).toList(),
                width,
                height);
    }

    /**
     * Warps the image once per matrix with {@code warpAffine} (INTER_LINEAR, constant-0 border):
     * the crops of {@link #cropRgb}, or rotated and scaled ones for training.
     *
     * @param bgr the image as a CV_8UC3 matrix in BGR order (not modified, not released)
     * @param matrices image→crop matrices
     * @param width crop width
     * @param height crop height
     * @return RGB crops, uint8 [N, H, W, 3]
     */
    public static byte[] warpRgb(Mat bgr, List<AffineMatrix> matrices, int width, int height) {
        requireBgr(bgr);
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop size must be positive: " + width + "x" + height);
        }
        int cropBytes = width * height * 3;
        byte[] out = new byte[matrices.size() * cropBytes];
        byte[] bgrCrop = new byte[cropBytes];
        try (PointerScope scope = new PointerScope()) {
            Size size = new Size(width, height);
            Scalar zero = new Scalar(0.0, 0.0, 0.0, 0.0);
            Mat matrix = new Mat(2, 3, CV_64F);
            DoublePointer m = new DoublePointer(matrix.data());
            Mat crop = new Mat(height, width, CV_8UC3);
            for (int i = 0; i < matrices.size(); i++) {
                m.put(matrices.get(i).toArray());
                warpAffine(bgr, crop, matrix, size, INTER_LINEAR, BORDER_CONSTANT, zero);
                crop.data().get(bgrCrop);
                // The official code warps the RGB image; the warp treats channels independently,
                // so warping BGR and swapping afterwards gives the same bytes without converting
                // the whole frame.
                int base = i * cropBytes;
                for (int p = 0; p < cropBytes; p += 3) {
                    out[base + p] = bgrCrop[p + 2];
                    out[base + p + 1] = bgrCrop[p + 1];
                    out[base + p + 2] = bgrCrop[p];
                }
            }
        }
        return out;
    }

    private static void requireBgr(Mat bgr) {
        if (bgr == null || bgr.empty() || bgr.type() != CV_8UC3) {
            throw new IllegalArgumentException("expected a non-empty CV_8UC3 (BGR) image");
        }
    }
}
