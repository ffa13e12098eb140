package io.bucketdigest.core.normalize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-data builder for S3 notification JSON in the real shape, with every field settable and every optional field
 * removable: {@code S3Records.record().key("a+b.txt").noSequencer().toMessage()}.
 */
public final class S3Records {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private S3Records() {}

    public static Record record() {
        return new Record();
    }

    /** An S3 notification message ({@code {"Records":[...]}}) holding these records. */
    public static String message(Record... records) {
        ObjectNode message = MAPPER.createObjectNode();
        ArrayNode array = message.putArray("Records");
        for (Record record : records) {
            array.add(record.node());
        }
        return Fixtures.json(message);
    }

    public static final class Record {
        private String region = "us-east-1";
        private String bucket = "photos-prod";
        private String key = "photos/cat.jpg";
        private String eventName = "ObjectCreated:Put";
        private String eventTime = "2026-11-29T09:32:43.940Z";
        private Long size = 1024L;
        private String eTag = "d41d8cd98f00b204e9800998ecf8427e";
        private String versionId = "096fKKXTRTtl3on89fVO.nfljtsv6qko";
        private String sequencer = "0055AED6DCD90281E5";
        private String requester = "AWS:AIDAJDPLRKLG7UEXAMPLE";
        private String sourceIp = "203.0.113.15";
        private final List<String> removed = new ArrayList<>();

        public Record region(String value) { region = value; return this; }
        public Record bucket(String value) { bucket = value; return this; }
        public Record key(String value) { key = value; return this; }
        public Record eventName(String value) { eventName = value; return this; }
        public Record eventTime(String value) { eventTime = value; return this; }
        public Record size(Long value) { size = value; return this; }
        public Record eTag(String value) { eTag = value; return this; }
        public Record versionId(String value) { versionId = value; return this; }
        public Record sequencer(String value) { sequencer = value; return this; }
        public Record requester(String value) { requester = value; return this; }
        public Record sourceIp(String value) { sourceIp = value; return this; }

        /** Drops every optional field, as the emulator and some event types do. */
        public Record withoutOptionalFields() {
            size = null;
            eTag = null;
            versionId = null;
            sequencer = null;
            requester = null;
            sourceIp = null;
            removed.add("responseElements");
            return this;
        }

        public String toMessage() {
            return message(this);
        }

        ObjectNode node() {
            ObjectNode record = MAPPER.createObjectNode();
            record.put("eventVersion", "2.1");
            record.put("eventSource", "aws:s3");
            putIfNotNull(record, "awsRegion", region);
            putIfNotNull(record, "eventTime", eventTime);
            putIfNotNull(record, "eventName", eventName);
            if (requester != null) {
                record.putObject("userIdentity").put("principalId", requester);
            }
            if (sourceIp != null) {
                record.putObject("requestParameters").put("sourceIPAddress", sourceIp);
            }
            if (!removed.contains("responseElements")) {
                record.putObject("responseElements")
                        .put("x-amz-request-id", "C3D13FE58DE4C810")
                        .put("x-amz-id-2", "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD");
            }
            ObjectNode s3 = record.putObject("s3");
            s3.put("s3SchemaVersion", "1.0");
            s3.put("configurationId", "bucket-digest-all-events");
            ObjectNode bucketNode = s3.putObject("bucket");
            putIfNotNull(bucketNode, "name", bucket);
            bucketNode.put("arn", "arn:aws:s3:::" + bucket);
            ObjectNode object = s3.putObject("object");
            putIfNotNull(object, "key", key);
            if (size != null) {
                object.put("size", size);
            }
            putIfNotNull(object, "eTag", eTag);
            putIfNotNull(object, "versionId", versionId);
            putIfNotNull(object, "sequencer", sequencer);
            return record;
        }

        private static void putIfNotNull(ObjectNode node, String field, String value) {
            if (value != null) {
                node.put(field, value);
            }
        }
    }
}
