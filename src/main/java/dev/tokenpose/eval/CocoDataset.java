package dev.tokenpose.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A COCO keypoint ground-truth file ({@code images}, {@code categories}, {@code annotations}) and
 * the loading of results against it, as pycocotools' {@code COCO} and {@code COCO.loadRes} do.
 */
public final class CocoDataset {

    /** Python's {@code json} reads NaN and Infinity, which {@code json.dump} writes for such scores. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final String source;
    private final long[] imageIds;
    private final long[] categoryIds;
    private final List<CocoAnnotation> annotations;

    private CocoDataset(String source, long[] imageIds, long[] categoryIds, List<CocoAnnotation> annotations) {
        this.source = source;
        this.imageIds = imageIds;
        this.categoryIds = categoryIds;
        this.annotations = Collections.unmodifiableList(annotations);
    }

    /**
     * Reads a ground-truth file.
     *
     * @param file COCO keypoint JSON
     * @return the dataset
     * @throws IOException if the file cannot be read
     * @throws CocoFormatException if it is not JSON or misses or mistypes a field evaluation needs
     */
    public static CocoDataset read(Path file) throws IOException {
        return parse(readJson(file), file.toString());
    }

    /**
     * Builds a dataset from parsed JSON.
     *
     * @param root the file's top-level object
     * @param source the file name for error messages
     * @return the dataset
     * @throws CocoFormatException if a field evaluation needs is missing or of the wrong type
     */
    public static CocoDataset parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new CocoFormatException(
                    source + ": ground truth must be a JSON object with images, categories and annotations");
        }
        long[] images = ids(list(root, "images", source), "images", source);
        long[] categories = ids(list(root, "categories", source), "categories", source);
        List<CocoAnnotation> anns = new ArrayList<>();
        JsonNode annNodes = root.get("annotations");
        if (annNodes != null && !annNodes.isNull()) {
            if (!annNodes.isArray()) {
                throw new CocoFormatException(source + ": 'annotations' must be a list");
            }
            for (int i = 0; i < annNodes.size(); i++) {
                anns.add(annotation(annNodes.get(i), source + ": annotations[" + i + "]"));
            }
        }
        return new CocoDataset(source, images, categories, anns);
    }

    /**
     * Reads a results file against this ground truth ({@code cocoGt.loadRes}).
     *
     * @param file a JSON list of {image_id, category_id, keypoints, score}
     * @return the results with id, area and bbox filled in
     * @throws IOException if the file cannot be read
     * @throws CocoFormatException if it is not such a list or names an image the ground truth lacks
     */
    public List<CocoResult> loadResults(Path file) throws IOException {
        return loadResults(readJson(file), file.toString());
    }

    /**
     * Completes parsed results as {@code loadRes} does: ids 1, 2, … in file order; for keypoint
     * results the box and area of the keypoints' extent (x1 − x0) × (y1 − y0), unless the first
     * result carries a non-empty {@code bbox}, in which case every result's box gives w × h.
     *
     * @param root the parsed results list
     * @param source the file name for error messages
     * @return the results
     * @throws CocoFormatException if the list is empty or malformed, or names an image the ground truth lacks
     */
    public List<CocoResult> loadResults(JsonNode root, String source) {
        if (root == null || !root.isArray()) {
            throw new CocoFormatException(
                    source + ": results must be a JSON list of {image_id, category_id, keypoints, score}");
        }
        if (root.isEmpty()) {
            throw new CocoFormatException(source + ": the results list is empty");
        }
        JsonNode first = root.get(0);
        if (first.has("caption")) {
            throw new CocoFormatException(source + ": these are caption results, not keypoints");
        }
        // pycocotools decides the kind of every result from the first one.
        JsonNode firstBox = first.get("bbox");
        boolean fromBox = firstBox != null && !(firstBox.isArray() && firstBox.isEmpty());
        if (!fromBox && first.has("segmentation")) {
            throw new CocoFormatException(
                    source + ": segmentation results are not supported; keypoint results have no 'segmentation'");
        }
        Set<Long> images = new HashSet<>();
        for (long id : imageIds) {
            images.add(id);
        }
        List<CocoResult> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            String where = source + ": results[" + i + "]";
            JsonNode r = object(root.get(i), where);
            long imageId = id(r, "image_id", where);
            if (!images.contains(imageId)) {
                throw new CocoFormatException(
                        where + ": image_id " + imageId + " is not an image of the ground truth " + this.source);
            }
            long categoryId = id(r, "category_id", where);
            double[] kp = numbers(r, "keypoints", 3 * Oks.KEYPOINTS, where);
            double score = number(r, "score", where);
            double area;
            double[] bbox;
            if (fromBox) {
                bbox = numbers(r, "bbox", 4, where);
                area = bbox[2] * bbox[3];
            } else {
                double x0 = kp[0];
                double x1 = kp[0];
                double y0 = kp[1];
                double y1 = kp[1];
                for (int j = 1; j < Oks.KEYPOINTS; j++) {
                    // Math.min/max propagate NaN as np.min/np.max do.
                    x0 = Math.min(x0, kp[3 * j]);
                    x1 = Math.max(x1, kp[3 * j]);
                    y0 = Math.min(y0, kp[3 * j + 1]);
                    y1 = Math.max(y1, kp[3 * j + 1]);
                }
                area = (x1 - x0) * (y1 - y0);
                bbox = new double[] {x0, y0, x1 - x0, y1 - y0};
            }
            out.add(new CocoResult(i + 1, imageId, categoryId, kp, score, area, bbox));
        }
        return out;
    }

    /** @return the image ids, ascending and distinct, as COCOeval iterates them */
    public long[] imageIds() {
        return imageIds.clone();
    }

    /** @return the category ids, ascending and distinct */
    public long[] categoryIds() {
        return categoryIds.clone();
    }

    /** @return every annotation in file order */
    public List<CocoAnnotation> annotations() {
        return annotations;
    }

    /**
     * The objects COCOeval evaluates, in its order ({@code loadAnns(getAnnIds(imgIds, catIds))}):
     * images ascending, each image's annotations in file order, only known images and categories;
     * an id used twice yields its last annotation each time, as pycocotools' id index does.
     */
    List<CocoAnnotation> evaluated() {
        Map<Long, CocoAnnotation> byId = new HashMap<>();
        Map<Long, List<CocoAnnotation>> byImage = new LinkedHashMap<>();
        for (CocoAnnotation a : annotations) {
            byId.put(a.id(), a);
            byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
        }
        Set<Long> categories = new HashSet<>();
        for (long c : categoryIds) {
            categories.add(c);
        }
        List<CocoAnnotation> out = new ArrayList<>();
        for (long image : imageIds) {
            for (CocoAnnotation a : byImage.getOrDefault(image, List.of())) {
                if (categories.contains(a.categoryId())) {
                    out.add(byId.get(a.id()));
                }
            }
        }
        return out;
    }

    private static JsonNode readJson(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CocoFormatException(
                    file + " is not valid JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")"),
                    e);
        }
    }

    private static CocoAnnotation annotation(JsonNode node, String where) {
        JsonNode a = object(node, where);
        double numKeypoints = number(a, "num_keypoints", where);
        if (numKeypoints != Math.rint(numKeypoints) || numKeypoints < 0 || numKeypoints > Oks.KEYPOINTS) {
            throw new CocoFormatException(
                    where + ": num_keypoints must be a whole number 0..17, got " + a.get("num_keypoints"));
        }
        JsonNode crowd = a.get("iscrowd");
        if (crowd == null || !(crowd.isNumber() || crowd.isBoolean())) {
            throw new CocoFormatException(
                    where + ": 'iscrowd' must be 0 or 1, got " + (crowd == null ? "nothing" : crowd));
        }
        return new CocoAnnotation(
                id(a, "id", where),
                id(a, "image_id", where),
                id(a, "category_id", where),
                numbers(a, "keypoints", 3 * Oks.KEYPOINTS, where),
                (int) numKeypoints,
                number(a, "area", where),
                numbers(a, "bbox", 4, where),
                crowd.isBoolean() ? crowd.booleanValue() : crowd.doubleValue() != 0);
    }

    private static JsonNode list(JsonNode root, String field, String source) {
        JsonNode n = root.get(field);
        if (n == null || !n.isArray()) {
            throw new CocoFormatException(source + ": ground truth needs a '" + field + "' list");
        }
        return n;
    }

    private static long[] ids(JsonNode list, String field, String source) {
        long[] ids = new long[list.size()];
        for (int i = 0; i < ids.length; i++) {
            String where = source + ": " + field + "[" + i + "]";
            ids[i] = id(object(list.get(i), where), "id", where);
        }
        return Arrays.stream(ids).sorted().distinct().toArray();
    }

    private static JsonNode object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new CocoFormatException(where + " must be a JSON object, got " + node);
        }
        return node;
    }

    private static long id(JsonNode obj, String field, String where) {
        JsonNode n = obj.get(field);
        // Python compares 3 and 3.0 as the same key, so an integral float is accepted as an id.
        if (n == null || !n.isNumber() || !n.canConvertToExactIntegral()) {
            throw new CocoFormatException(
                    where + ": '" + field + "' must be an integer, got " + (n == null ? "nothing" : n));
        }
        if (!n.canConvertToLong()) {
            throw new CocoFormatException(where + ": '" + field + "' " + n + " is out of range");
        }
        return n.asLong();
    }

    private static double number(JsonNode obj, String field, String where) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isNumber()) {
            throw new CocoFormatException(
                    where + ": '" + field + "' must be a number, got " + (n == null ? "nothing" : n));
        }
        return n.doubleValue();
    }

    private static double[] numbers(JsonNode obj, String field, int length, String where) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isArray() || n.size() != length) {
            throw new CocoFormatException(where + ": '" + field + "' must be a list of " + length + " numbers, got "
                    + (n == null ? "nothing" : n.isArray() ? n.size() + " entries" : n.toString()));
        }
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            if (!n.get(i).isNumber()) {
                throw new CocoFormatException(where + ": '" + field + "'[" + i + "] must be a number, got " + n.get(i));
            }
            v[i] = n.get(i).doubleValue();
        }
        return v;
    }
}
