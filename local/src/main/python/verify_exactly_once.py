#!/usr/bin/python3
"""Checks a pose pipeline's committed output against its input, sharing no code with the project.

Reads the frames, poses and dead-letter topics with librdkafka (python3-confluent-kafka) as a
read_committed consumer, decodes Avro single-object values (C3 01, the writer schema's CRC-64-AVRO
fingerprint, the binary body) with Apache Avro (python3-avro) from the project's .avsc files, and
counts the pose records of each (stream id, sequence) of the frames topic. Prints one JSON object:

  {"frames_in": N, "pose_records": N, "dead_letters": N, "lost": N, "duplicated": N, "unexpected": N}

lost: frames without a pose record; duplicated: pose records beyond a frame's first; unexpected:
pose records of frames that were never published; dead_letters: records of the dead-letter topic. Exits 0 when lost, duplicated and
unexpected are all 0, else 1; 2 on bad usage or an undecodable record.
"""

import argparse
import io
import json
import pathlib
import re
import struct
import sys
import time
import uuid

import avro.errors
import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

EMPTY = 0xC15D213AA4D7A795  # CRC-64-AVRO's initial value, from the Avro specification


def crc64_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
        table.append(fp)
    return table


TABLE = crc64_table()


def fingerprint(canonical):
    fp = EMPTY
    for byte in canonical.encode("utf-8"):
        fp = (fp >> 8) ^ TABLE[(fp ^ byte) & 0xFF]
    return fp


PRIMITIVE_OBJECT = re.compile(r'\{"type":"(null|boolean|int|long|float|double|bytes|string)"\}')


def canonical(schema):
    """The parsing canonical form. python3-avro 1.11 leaves a primitive with attributes (a logical
    type) as {"type":"long"}, where the specification's PRIMITIVES rule asks for "long"."""
    return PRIMITIVE_OBJECT.sub(r'"\1"', schema.canonical_form)


def load_schemas(folder):
    """Every record schema of the folder, by the fingerprint of its parsing canonical form."""
    names = avro.schema.Names()
    pending = sorted(pathlib.Path(folder).glob("*.avsc"))
    parsed = []
    # Files name each other's types: parse in rounds until every file resolves.
    while pending:
        left = []
        for path in pending:
            try:
                parsed.append(avro.schema.make_avsc_object(json.loads(path.read_text()), names))
            except avro.errors.SchemaParseException:
                left.append(path)
        if len(left) == len(pending):
            raise SystemExit("cannot parse %s" % ", ".join(str(p) for p in left))
        pending = left
    return {fingerprint(canonical(s)): s for s in parsed}


def decode(value, schemas):
    if len(value) < 10 or value[0] != 0xC3 or value[1] != 0x01:
        raise ValueError("not an Avro single-object value")
    (fp,) = struct.unpack("<Q", value[2:10])
    schema = schemas.get(fp)
    if schema is None:
        raise ValueError("unknown schema fingerprint %016x" % fp)
    return schema.name, avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


def read_topic(conf, topic, schemas, timeout_s):
    """Every committed record of the topic, decoded, up to each partition's end (its last stable offset)."""
    consumer = Consumer(dict(conf, **{"group.id": "verify-" + uuid.uuid4().hex, "enable.partition.eof": True}))
    try:
        metadata = consumer.list_topics(topic, timeout=timeout_s)
        if metadata.topics[topic].error is not None:
            raise SystemExit("topic %s: %s" % (topic, metadata.topics[topic].error))
        partitions = list(metadata.topics[topic].partitions)
        consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
        values = []
        done = set()
        deadline = time.monotonic() + timeout_s
        while len(done) < len(partitions):
            if time.monotonic() > deadline:
                raise SystemExit("topic %s: not read to its end within %d s" % (topic, timeout_s))
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                # Transaction markers take offsets too, so the end is where librdkafka says it is.
                if message.error().code() == KafkaError._PARTITION_EOF:
                    done.add(message.partition())
                    continue
                raise KafkaException(message.error())
            values.append(decode(message.value(), schemas))
        return values
    finally:
        consumer.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--schemas", required=True, help="folder of the .avsc files")
    parser.add_argument("--frames-topic", default="video-frames")
    parser.add_argument("--poses-topic", default="pose-frames")
    parser.add_argument("--dead-letter-topic", default="pose-dead-letters")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per topic")
    args = parser.parse_args()

    schemas = load_schemas(args.schemas)
    conf = {
        "bootstrap.servers": args.bootstrap_servers,
        "isolation.level": "read_committed",
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
    }
    frames = set()
    for name, record in read_topic(conf, args.frames_topic, schemas, args.timeout):
        if name != "VideoFrame":
            raise SystemExit("a %s on the frames topic" % name)
        frames.add((record["streamId"], record["sequence"]))
    answers = {}
    poses = 0
    unexpected = 0
    for name, record in read_topic(conf, args.poses_topic, schemas, args.timeout):
        key = (record["streamId"], record["sequence"])
        poses += 1
        if key in frames:
            answers[key] = answers.get(key, 0) + 1
        else:
            unexpected += 1
    dead = len(read_topic(conf, args.dead_letter_topic, schemas, args.timeout))
    report = {
        "frames_in": len(frames),
        "pose_records": poses,
        "dead_letters": dead,
        "lost": sum(1 for key in frames if key not in answers),
        "duplicated": sum(n - 1 for n in answers.values()),
        "unexpected": unexpected,
    }
    print(json.dumps(report, sort_keys=True))
    return 0 if report["lost"] == 0 and report["duplicated"] == 0 and unexpected == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ValueError as e:
        print("undecodable record: %s" % e, file=sys.stderr)
        sys.exit(2)
