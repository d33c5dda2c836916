package dev.relay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class MongoServerResourceTest {

    @Test
    void theOfficialDriverTalksToTheWireProtocolServer() {
        MongoServerResource resource = new MongoServerResource();
        var config = resource.start();
        try (var client = MongoClients.create(config.get("quarkus.mongodb.connection-string"))) {
            var collection = client.getDatabase("relay").getCollection("modelinfo");
            collection.insertOne(new Document("model", "m").append("foo", "x"));

            assertThat(collection.find(Filters.eq("model", "m")).first()).containsEntry("foo", "x");
            assertThat(config).containsEntry("quarkus.mongodb.devservices.enabled", "false");
        } finally {
            resource.stop();
        }
    }
}
