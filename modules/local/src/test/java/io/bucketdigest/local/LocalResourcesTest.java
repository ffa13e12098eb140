package io.bucketdigest.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalResourcesTest {

    private static final LocalResources RESOURCES = new LocalResources(URI.create("http://127.0.0.1:40117"),
            "us-east-1", "bucket-digest-local", "arn:aws:sns:us-east-1:123456789012:bucket-digest-events",
            "http://q/bucket-digest-ingest", "http://q/bucket-digest-ingest-dlq", "http://q/bucket-digest-delivery-dlq",
            "http://q/bucket-digest-digest", "http://q/bucket-digest-digest-dlq", "bucket-digest-history",
            "digest@bucket-digest.local", List.of("ops@example.com", "dev@example.com"));

    @Test
    void toJson_fromJson_roundTripsEveryField() {
        String json = RESOURCES.toJson();

        assertThat(LocalResources.fromJson(json)).isEqualTo(RESOURCES);
        assertThat(json).contains("\"deliveryDlqUrl\":\"http://q/bucket-digest-delivery-dlq\"");
    }

    @Test
    void fromJson_fileFromBeforeTheDeliveryDlq_isAnErrorNamingTheFieldAndTheFix() throws Exception {
        ObjectNode older = (ObjectNode) new ObjectMapper().readTree(RESOURCES.toJson());
        older.remove("deliveryDlqUrl");

        assertThatThrownBy(() -> LocalResources.fromJson(older.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no deliveryDlqUrl")
                .hasMessageContaining("restart it (scripts/local)");
    }

    @Test
    void fromJson_notJson_isAnError() {
        assertThatThrownBy(() -> LocalResources.fromJson("READY?")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a local pipeline ready line");
    }
}
