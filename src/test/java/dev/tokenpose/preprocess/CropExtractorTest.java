package dev.tokenpose.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.io.NpyArray;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CropExtractorTest {

    private static Path dir;
    private static BgrImage image;
    private static List<CenterScale> boxes;

    @BeforeAll
    static void loadFixture() throws IOException {
        dir = Fixtures.folder("pipeline-seed4").orElseThrow();
        NpyArray bgr = NpyArray.read(dir.resolve("image_bgr.npy"));
        image = new BgrImage(bgr.dim(1), bgr.dim(0), bgr.bytes());
        boxes = new ArrayList<>();
        for (JsonNode crop : new ObjectMapper()
                .readTree(dir.resolve("manifest.json").toFile())
                .get("info")
                .get("crops")) {
            JsonNode b = crop.get("box_xywh");
            boxes.add(CenterScale.fromBox(
                    b.get(0).asDouble(),
                    b.get(1).asDouble(),
                    b.get(2).asDouble(),
                    b.get(3).asDouble(),
                    192,
                    256));
        }
    }

    @Test
    void cropsMatchOpenCvWarpOfTheRgbImageWithinTwoGreyLevels() throws IOException {
        byte[] expected = NpyArray.read(dir.resolve("crops_rgb_uint8.npy")).bytes();
        byte[] got = CropExtractor.cropRgb(image, boxes, 192, 256);
        assertThat(got).hasSameSizeAs(expected);
        int max = 0;
        long withinOne = 0;
        for (int i = 0; i < got.length; i++) {
            int d = Math.abs((got[i] & 0xff) - (expected[i] & 0xff));
            max = Math.max(max, d);
            withinOne += d <= 1 ? 1 : 0;
        }
        assertThat(max).as("max grey-level difference").isLessThanOrEqualTo(2);
        assertThat(withinOne / (double) got.length)
                .as("fraction within 1 level")
                .isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void inputFromTheImageMatchesTheOfficialInput() throws IOException {
        float[] expected = NpyArray.read(dir.resolve("input.npy")).floats();
        CropBatch batch = CropExtractor.extract(image, boxes, 192, 256);
        assertThat(batch.count()).isEqualTo(2);
        assertThat(InputNormalizerTest.maxAbsDiff(batch.input(), expected)).isLessThanOrEqualTo(2 / 255.0 / 0.224);
    }

    @Test
    void matAndByteArrayInputsGiveTheSameCrops() {
        byte[] fromBytes = CropExtractor.cropRgb(image, boxes, 192, 256);
        try (PointerScope scope = new PointerScope()) {
            Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
            mat.data().put(image.pixels());
            assertThat(CropExtractor.cropRgb(mat, boxes, 192, 256)).isEqualTo(fromBytes);
            assertThat(CropExtractor.toBgrImage(mat).pixels()).isEqualTo(image.pixels());
        }
    }

    @Test
    void areaOutsideTheImageIsBlack() {
        CenterScale offImage = new CenterScale(-500f, -500f, 1f, 1f);
        byte[] crop = CropExtractor.cropRgb(image, List.of(offImage), 48, 64);
        for (byte b : crop) {
            assertThat(b).isZero();
        }
    }

    @Test
    void loadReadsALosslessFileBackBitForBit(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("frame.png");
        try (PointerScope scope = new PointerScope()) {
            Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
            mat.data().put(image.pixels());
            assertThat(imwrite(png.toString(), mat)).isTrue();
        }
        BgrImage loaded = CropExtractor.load(png);
        assertThat(loaded.width()).isEqualTo(640);
        assertThat(loaded.height()).isEqualTo(480);
        assertThat(loaded.pixels()).isEqualTo(image.pixels());
    }

    @Test
    void loadOfAMissingFileSaysSo(@TempDir Path tmp) {
        assertThatThrownBy(() -> CropExtractor.load(tmp.resolve("missing.jpg")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.jpg");
    }

    @Test
    void loadOfANonImageFileFailsWithAClearMessage(@TempDir Path tmp) throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.jpg"), "not an image");
        assertThatThrownBy(() -> CropExtractor.load(junk))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot decode");
    }

    @Test
    void badImageBufferIsRejected() {
        assertThatThrownBy(() -> new BgrImage(2, 2, new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
}
