package dev.relay.events.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The failure strategy of every Relay consumer ({@code failure-strategy=relay-dead-letter}): a nacked
 * record goes to its dead-letter topic through {@link DeadLetterWriter}, then is acknowledged. Unlike
 * SmallRye's own {@code dead-letter-queue} strategy, a record the dead-letter topic cannot take is
 * truncated or, failing that, logged, counted and skipped: the channel never fails on it, so one
 * record cannot stop the consumer for every later one.
 *
 * <p>The dead-letter topic is the channel's {@code dead-letter-queue.topic}, else {@code <topic>.dlq}.
 * The producer takes the channel's {@code bootstrap.servers} and security settings ({@code
 * security.protocol}, {@code sasl.*}, {@code ssl.*}); any producer property can be set for it as
 * {@code dead-letter-queue.<property>} (say {@code dead-letter-queue.max.request.size}).
 *
 * <p>Meter {@value #METER} (tags topic, outcome = dead-lettered|truncated|skipped).
 */
public final class DeadLetterFailureHandler implements KafkaFailureHandler {

    /** The {@code failure-strategy} name services configure, and the CDI identifier of the factory. */
    public static final String STRATEGY = "relay-dead-letter";
    public static final String METER = "relay.dead.letters";
    private static final String PREFIX = "dead-letter-queue.";

    private final String deadLetterTopic;
    private final DeadLetterWriter writer;

    DeadLetterFailureHandler(String deadLetterTopic, DeadLetterWriter writer) {
        this.deadLetterTopic = deadLetterTopic;
        this.writer = writer;
    }

    @Override
    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
        DeadLetter letter = new DeadLetter(record.getTopic(), record.getPartition(), record.getOffset(),
                bytes(record.getKey()), bytes(record.getPayload()), record.getHeaders(),
                reason == null ? null : reason.getMessage(),
                reason == null || reason.getCause() == null ? null : reason.getCause().getMessage());
        return Uni.createFrom().completionStage(() -> writer.write(letter, deadLetterTopic))
                // The broker away: keep the record unacknowledged and try again, never drop it. Not reported
                // to the channel's health: a broker outage is not this consumer's failure.
                .onFailure(RetriableException.class).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .indefinitely()
                .chain(outcome -> Uni.createFrom().completionStage(record.ack(metadata)))
                .emitOn(record::runOnMessageContext);
    }

    @Override
    public void terminate() {
        writer.close();
    }

    /** Strings as UTF-8 (every Relay channel deserialises to String), bytes as they are. */
    private static byte[] bytes(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Each service produces one of these under {@code @Identifier(STRATEGY)}; SmallRye asks it for a handler per channel.
     */
    public static final class Factory implements KafkaFailureHandler.Factory {

        private final MeterRegistry registry;
        private final int previewBytes;

        public Factory(MeterRegistry registry, int previewBytes) {
            this.registry = registry;
            this.previewBytes = previewBytes;
        }

        public Factory(MeterRegistry registry) {
            this(registry, DeadLetterWriter.DEFAULT_PREVIEW_BYTES);
        }

        @Override
        public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                          KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
            String topic = config.getDeadLetterQueueTopic()
                    .orElseGet(() -> config.getTopic().orElse(config.getChannel()) + ".dlq");
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(config),
                    new ByteArraySerializer(), new ByteArraySerializer());
            DeadLetterWriter writer = new DeadLetterWriter(producer, previewBytes, (source, outcome) ->
                    Counter.builder(METER).description("Records refused by a consumer, by what became of them")
                            .tags("topic", source, "outcome", outcome.name().toLowerCase().replace('_', '-'))
                            .register(registry).increment());
            return new DeadLetterFailureHandler(topic, writer);
        }

        static Map<String, Object> producerConfig(KafkaConnectorIncomingConfiguration config) {
            Config channel = config.config();
            Map<String, Object> props = new HashMap<>();
            for (String name : channel.getPropertyNames()) {
                boolean security = name.equals("security.protocol") || name.startsWith("sasl.") || name.startsWith("ssl.");
                if (security) {
                    channel.getOptionalValue(name, String.class).ifPresent(v -> props.put(name, v));
                }
            }
            for (String name : channel.getPropertyNames()) {
                if (name.startsWith(PREFIX) && ProducerConfig.configNames().contains(name.substring(PREFIX.length()))) {
                    channel.getOptionalValue(name, String.class).ifPresent(v -> props.put(name.substring(PREFIX.length()), v));
                }
            }
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getBootstrapServers());
            props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "relay-dlq-" + config.getChannel());
            props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
            // A dead letter waits at most this long for the broker before the writer's retry takes over.
            props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
            props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
            return props;
        }
    }
}
