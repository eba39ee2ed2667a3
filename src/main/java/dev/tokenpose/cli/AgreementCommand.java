package dev.tokenpose.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.checkpoint.PthReader;
import dev.tokenpose.checkpoint.StateDict;
import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.model.RandomWeights;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CropExtractor;
import dev.tokenpose.teacher.MoveNet;
import dev.tokenpose.teacher.TeacherLabel;
import dev.tokenpose.teacher.TeacherLabels;
import dev.tokenpose.tf.TfHeatmapModel;
import dev.tokenpose.tf.TfSessionSettings;
import dev.tokenpose.train.TeacherAgreement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose agreement}: how closely estimators agree with the teacher's labels on the same
 * person boxes — a TokenPose model, MoveNet Lightning, the teacher on mirrored crops (the ceiling)
 * and seeded weights (the floor) — as COCO OKS-AP, mean OKS and PCK@0.1, one line each.
 */
@Command(
        name = "agreement",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Compare pose estimators with MoveNet Thunder's labels on the same person boxes (OKS-AP, PCK@0.1).")
final class AgreementCommand implements Callable<Integer> {

    @Option(
            names = "--labels",
            required = true,
            paramLabel = "labels.jsonl",
            description = "Teacher labels (repeatable); images relative to each file.")
    List<Path> labelFiles = new ArrayList<>();

    @Option(
            names = "--config",
            paramLabel = "YAML|VARIANT",
            description = "A TokenPose model to measure (with --weights).")
    String config;

    @Option(
            names = "--weights",
            paramLabel = "PTH",
            description = "Its checkpoint, or 'student' for the bundled model's (with --config student).")
    String weights;

    @Option(
            names = "--bf16",
            description =
                    "Also measure the model under oneDNN bfloat16 mixed precision, against the teacher and against"
                            + " its own float32 poses.")
    boolean bf16;

    @Option(
            names = "--baselines",
            description =
                    "Also measure MoveNet Lightning, Thunder on mirrored crops and seeded weights (with --config).")
    boolean baselines;

    @Option(
            names = "--coco",
            paramLabel = "DIR",
            description = "Also write gt.json and one results file per estimator, for 'tokenpose eval'.")
    Path coco;

    @Override
    public Integer call() throws Exception {
        List<TeacherLabel> labels = new ArrayList<>();
        Map<TeacherLabel, Path> roots = new HashMap<>();
        for (Path f : labelFiles) {
            for (TeacherLabel l : TeacherLabels.read(f)) {
                labels.add(l);
                roots.put(l, f.toAbsolutePath().getParent());
            }
        }
        Map<String, BgrImage> cache = new HashMap<>();
        Function<TeacherLabel, BgrImage> images = l -> cache.computeIfAbsent(roots.get(l) + "/" + l.image(), p -> {
            try {
                return CropExtractor.load(Path.of(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (coco != null) {
            Files.createDirectories(coco);
            new ObjectMapper().writeValue(coco.resolve("gt.json").toFile(), TeacherAgreement.groundTruth(labels));
        }
        System.out.printf(
                Locale.ROOT,
                "%-28s %8s %8s %8s %8s %8s%n",
                "estimator",
                "persons",
                "OKS-AP",
                "AP.5",
                "mean OKS",
                "PCK@0.1");
        if (config != null) {
            ModelConfig c = ModelConfigs.resolve(config);
            if (weights != null) {
                StateDict sd = PthReader.read(BundledStudent.weightsFile(weights));
                List<float[]> fp32;
                try (TfHeatmapModel m =
                        TfHeatmapModel.create(c, new CheckpointWeights(sd), "student", TfSessionSettings.DEFAULT)) {
                    fp32 = report("tokenpose " + c.name(), labels, TeacherAgreement.of(m, images));
                }
                if (bf16) {
                    // A new process would be needed for other thread counts, not for another rewriter setting.
                    try (TfHeatmapModel m = TfHeatmapModel.create(
                            c, new CheckpointWeights(sd), "student", TfSessionSettings.DEFAULT.withBfloat16(true))) {
                        TeacherAgreement.Estimator e = TeacherAgreement.of(m, images);
                        report("tokenpose " + c.name() + " bf16", labels, e);
                        List<TeacherLabel> own = new ArrayList<>();
                        for (int i = 0; i < labels.size(); i++) {
                            TeacherLabel l = labels.get(i);
                            TeacherLabel mine = new TeacherLabel(
                                    l.image(),
                                    l.source(),
                                    l.frame(),
                                    l.box(),
                                    l.boxScore(),
                                    fp32.get(i),
                                    "tokenpose-fp32");
                            roots.put(mine, roots.get(l));
                            own.add(mine);
                        }
                        report("bf16 vs own fp32", own, e);
                    }
                }
            }
            if (baselines) {
                try (TfHeatmapModel m =
                        TfHeatmapModel.create(c, new RandomWeights(c, 1), "seeded:1", TfSessionSettings.DEFAULT)) {
                    report("seeded:1 (untrained)", labels, TeacherAgreement.of(m, images));
                }
            }
        }
        if (baselines) {
            try (MoveNet lightning = MoveNet.openBundled(MoveNet.Variant.LIGHTNING, 0)) {
                report("movenet-lightning", labels, TeacherAgreement.of(lightning, images, false));
            }
            try (MoveNet thunder = MoveNet.openBundled(MoveNet.Variant.THUNDER, 0)) {
                report("movenet-thunder mirrored", labels, TeacherAgreement.of(thunder, images, true));
            }
        }
        return 0;
    }

    /** Prints one estimator's line and returns its poses, in the order of the labels. */
    private List<float[]> report(String name, List<TeacherLabel> labels, TeacherAgreement.Estimator estimator)
            throws IOException {
        List<float[]> poses = new ArrayList<>();
        TeacherAgreement.Estimator recording = chunk -> {
            float[][] out = estimator.estimate(chunk);
            poses.addAll(List.of(out));
            return out;
        };
        TeacherAgreement.Result r = TeacherAgreement.measure(labels, recording);
        System.out.printf(
                Locale.ROOT,
                "%-28s %8d %8.4f %8.4f %8.4f %8.4f%n",
                name,
                r.persons(),
                r.ap(),
                r.stats().get("AP .5"),
                r.meanOks(),
                r.pck());
        if (coco != null) {
            new ObjectMapper()
                    .writeValue(
                            coco.resolve("dt-" + name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".json")
                                    .toFile(),
                            TeacherAgreement.results(poses));
        }
        return poses;
    }
}
