package dev.tokenpose.schema.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schemas as released, frozen under {@code dev/tokenpose/schema/releases/vN/} on the class
 * path, so that every codec keeps reading what earlier versions of the pipeline wrote.
 */
public final class SchemaReleases {

    /** Released versions, oldest first. A new release adds its folder and its name here. */
    public static final List<String> VERSIONS = List.of("v1");

    private static final String ROOT = "/dev/tokenpose/schema/releases/";
    /** Named types other records refer to; parsed first in each release. */
    private static final List<String> SHARED = List.of("Box");

    private SchemaReleases() {}

    /**
     * The released writer schemas of one record.
     *
     * @param record simple name, e.g. {@code PoseFrame}
     * @return its schema in each release that has it, oldest first
     */
    public static List<Schema> of(String record) {
        List<Schema> out = new ArrayList<>();
        for (String version : VERSIONS) {
            Schema.Parser parser = new Schema.Parser();
            for (String shared : SHARED) {
                if (!shared.equals(record)) {
                    parse(parser, version, shared);
                }
            }
            Schema s = parse(parser, version, record);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static Schema parse(Schema.Parser parser, String version, String record) {
        try (InputStream in = SchemaReleases.class.getResourceAsStream(ROOT + version + "/" + record + ".avsc")) {
            return in == null ? null : parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read released schema " + version + "/" + record, e);
        }
    }
}
