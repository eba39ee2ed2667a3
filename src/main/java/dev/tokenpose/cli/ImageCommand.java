package dev.tokenpose.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenpose.JointSet;
import dev.tokenpose.PersonPose;
import dev.tokenpose.PoseEstimator;
import dev.tokenpose.TopDownPoseEstimator;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.Keypoints;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.preprocess.CropBatch;
import dev.tokenpose.preprocess.CropExtractor;
import dev.tokenpose.render.PoseRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenpose image}: poses of the given person boxes in one image, as JSON, optionally drawn. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Estimate the pose of each given person box in an image; write JSON, optionally draw the skeletons.")
final class ImageCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--image", required = true, paramLabel = "IMG", description = "Image file.")
    Path image;

    @Option(
            names = "--boxes",
            required = true,
            paramLabel = "x,y,w,h;...",
            description = "Person boxes in image pixels.")
    String boxes;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "poses.json",
            description = "JSON with one entry per person.")
    Path output;

    @Option(
            names = "--render",
            paramLabel = "out.png",
            description = "Also write the image with boxes and skeletons drawn.")
    Path render;

    @Option(names = "--no-flip-test", description = "Skip the flip test (faster, slightly less accurate).")
    boolean noFlipTest;

    @Option(names = "--no-dark", description = "Integer argmax decoding instead of DARK.")
    boolean noDark;

    @Override
    public Integer call() throws Exception {
        List<double[]> boxList = Boxes.parse(boxes);
        ModelConfig c = model.modelConfig();
        BgrImage img = CropExtractor.load(image);
        List<CenterScale> cs = new ArrayList<>();
        for (double[] b : boxList) {
            cs.add(CenterScale.fromBox(b[0], b[1], b[2], b[3], c.imageWidth(), c.imageHeight()));
        }
        CropBatch crops = CropExtractor.extract(img, cs, c.imageWidth(), c.imageHeight());
        List<PersonPose> poses;
        String identity;
        try (PoseEstimator estimator = new TopDownPoseEstimator(model.open(), !noFlipTest, !noDark)) {
            Keypoints kp = estimator.estimate(crops.input(), cs);
            double[] ones = new double[boxList.size()];
            Arrays.fill(ones, 1.0);
            poses = PersonPose.of(boxList, ones, kp);
            identity = estimator.identity();
        }
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(output.toFile(), json(img, identity, poses));
        if (render != null) {
            try (Mat m = new Mat(img.height(), img.width(), opencv_core.CV_8UC3, new BytePointer(img.pixels()))) {
                PoseRenderer.drawAll(m, poses);
                if (!imwrite(render.toString(), m)) {
                    throw new java.io.IOException("cannot write " + render + " (unknown image extension?)");
                }
            }
        }
        System.out.println(poses.size() + " person(s) -> " + output + (render != null ? ", " + render : ""));
        return 0;
    }

    private Map<String, Object> json(BgrImage img, String identity, List<PersonPose> poses) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("image", image.toString());
        root.put("width", img.width());
        root.put("height", img.height());
        root.put("model", identity);
        List<Map<String, Object>> persons = new ArrayList<>();
        for (PersonPose p : poses) {
            JointSet set = JointSet.forJoints(p.joints());
            Map<String, Object> person = new LinkedHashMap<>();
            person.put("box", p.box());
            person.put("score", p.score());
            List<Map<String, Object>> joints = new ArrayList<>();
            for (int j = 0; j < p.joints(); j++) {
                Map<String, Object> joint = new LinkedHashMap<>();
                joint.put("name", set.names().get(j));
                joint.put("x", p.keypoints()[j * 3]);
                joint.put("y", p.keypoints()[j * 3 + 1]);
                joint.put("score", p.keypoints()[j * 3 + 2]);
                joints.add(joint);
            }
            person.put("keypoints", joints);
            persons.add(person);
        }
        root.put("persons", persons);
        return root;
    }
}
