package dev.tokenpose.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenpose.eval.CocoDataset;
import dev.tokenpose.eval.CocoKeypointEval;
import dev.tokenpose.eval.CocoResult;
import dev.tokenpose.eval.KeypointStats;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokenpose eval}: COCO keypoint AP and AR of a results file, as pycocotools computes them. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "COCO keypoint AP/AR of results against ground truth, as pycocotools' COCOeval (iouType keypoints) computes them.")
final class EvalCommand implements Callable<Integer> {

    @Option(
            names = "--annotations",
            required = true,
            paramLabel = "GT.json",
            description = "COCO keypoint ground truth (images, categories, annotations).")
    Path annotations;

    @Option(
            names = "--results",
            required = true,
            paramLabel = "DT.json",
            description = "Results: a JSON list of {image_id, category_id, keypoints, score}.")
    Path results;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the ten numbers by name, at full precision.")
    Path json;

    @Override
    public Integer call() throws Exception {
        CocoDataset gt = CocoDataset.read(annotations);
        List<CocoResult> dt = gt.loadResults(results);
        KeypointStats stats = CocoKeypointEval.evaluate(gt, dt);
        stats.summaryLines().forEach(System.out::println);
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), stats.asMap());
        }
        return 0;
    }
}
