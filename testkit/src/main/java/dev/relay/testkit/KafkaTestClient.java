package dev.relay.testkit;

import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.RelayEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small helpers to produce to and read from real topics in tests. */
public final class KafkaTestClient implements AutoCloseable {

    private static final String MARKER_PREFIX = "relay-testkit-marker-";

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;
    private final EventCodec codec = new EventCodec();

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        this.producer = new KafkaProducer<>(props);
    }

    /** Sends one record and waits until the broker has it. */
    public void send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Sends an event as its producer would: key = model, CloudEvents headers, JSON value. */
    public void send(RelayEvent event, String source) {
        send(event.type().topic(), event.release().model(), codec.encodeToString(event), CloudEvents.headers(event, source));
    }

    /** Reads {@code count} records of a topic from its beginning, failing when fewer arrive in time. */
    public List<ConsumerRecord<String, String>> read(String topic, int count, Duration timeout) {
        return read(topic, r -> true, count, timeout);
    }

    /** Reads, from the topic's beginning, the first {@code count} records that match. */
    public List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> filter,
                                                     int count, Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r) && found.size() < count) {
                        found.add(r);
                    }
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " records on " + topic + " within " + timeout + ", got "
                    + found.size() + ": " + found.stream().map(ConsumerRecord::value).toList());
        }
        return found;
    }

    /**
     * Every record of a topic up to now: sends a marker record to each of its partitions and reads from the
     * beginning until every marker came back, so "nothing arrived" is a real observation rather than a quiet period
     * that a slow consumer-group join could fake. Records of one partition come in order; partitions interleave.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, Duration timeout) {
        String marker = MARKER_PREFIX + UUID.randomUUID();
        Set<Integer> pending = new HashSet<>();
        for (PartitionInfo partition : producer.partitionsFor(topic)) {
            pending.add(partition.partition());
            sendTo(topic, partition.partition(), marker);
        }
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (marker.equals(r.key())) {
                        pending.remove(r.partition());
                    } else if (r.key() == null || !r.key().startsWith(MARKER_PREFIX)) {
                        // A partition whose marker is back has no more records of "up to now" to give.
                        found.add(r);
                    }
                }
                if (pending.isEmpty()) {
                    return found;
                }
            }
        }
        throw new AssertionError("the marker records sent to " + topic + " did not all come back within " + timeout
                + " (partitions still pending: " + pending + ")");
    }

    private void sendTo(String topic, int partition, String marker) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, marker, "{}")).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic + "-" + partition, e);
        }
    }

    public <T extends RelayEvent> List<T> readEvents(Class<T> type, String topic, Predicate<T> filter, int count,
                                                     Duration timeout) {
        return read(topic, r -> {
            try {
                return filter.test(codec.decode(type, r.value()));
            } catch (RuntimeException notThisType) {
                return false;
            }
        }, count, timeout).stream().map(r -> codec.decode(type, r.value())).toList();
    }

    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
