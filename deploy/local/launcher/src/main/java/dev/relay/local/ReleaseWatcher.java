package dev.relay.local;

import dev.relay.events.CloudEvents;
import dev.relay.events.EventCodec;
import dev.relay.events.GitOpsUpdated;
import dev.relay.events.RelayEvent;
import dev.relay.events.ReleaseFailed;
import dev.relay.events.ReleaseRolledBack;
import dev.relay.events.ReleaseStatus;
import dev.relay.events.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows releases through the chain by reading the real topics: prints each release's timeline
 * from {@code release.status} as it happens and tells when a release ended (GitOps commit or failure).
 */
public final class ReleaseWatcher implements AutoCloseable {

    private static final List<String> TOPICS = List.of(Topics.RELEASE_STATUS, Topics.RELEASE_FAILED, Topics.IMAGE_BUILT,
            Topics.ENV_VERIFIED, Topics.MODELINFO_MIGRATED, Topics.GITOPS_UPDATED, Topics.GITOPS_REVERTED,
            Topics.MODELINFO_REVERTED, Topics.RELEASE_ROLLEDBACK);
    /** A rollback travels the chain backwards and ends at env-migrator's {@code release.rolledback}. */
    static final String ROLLBACK_LAST_STAGE = "env-migrator";

    static final String LAST_STAGE = "release-bumper";

    private final EventCodec codec = new EventCodec();
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final PrintStream out;

    public ReleaseWatcher(String bootstrapServers, PrintStream out) {
        this.out = out;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "relay-local-watcher-" + UUID.randomUUID());
        // From the beginning, filtered to the releases this run follows: nothing can slip
        // between "subscribed" and "first poll".
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::poll, "release-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Starts following a release; call before its tag is pushed. */
    public Track follow(String releaseId) {
        return tracks.computeIfAbsent(releaseId, Track::new);
    }

    private void poll() {
        try {
            consumer.subscribe(TOPICS);
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        RelayEvent event;
        try {
            event = codec.decodeCloudEvent(header(record, CloudEvents.TYPE), record.value().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException notForUs) {
            return;
        }
        Track track = tracks.get(event.release().releaseId());
        if (track != null) {
            track.record(event, record.timestamp(), out);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One release's events as they arrive. */
    public static final class Track {

        private final String releaseId;
        private final List<RelayEvent> events = new ArrayList<>();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile long pushedAtMillis;
        private volatile long endedAtMillis;
        /** Broker timestamp of each stage's first {@code started} and {@code succeeded}, keyed "stage state". */
        private final Map<String, Long> statusAtMillis = new java.util.HashMap<>();

        Track(String releaseId) {
            this.releaseId = releaseId;
        }

        public String releaseId() {
            return releaseId;
        }

        public void pushedNow() {
            pushedAtMillis = System.currentTimeMillis();
        }


        synchronized void record(RelayEvent event, long timestamp, PrintStream out) {
            events.add(event);
            if (event instanceof ReleaseStatus st) {
                statusAtMillis.putIfAbsent(st.stage() + " " + st.state(), timestamp);
            }
            if (event instanceof ReleaseStatus s) {
                out.printf("  %-24s %-19s %-10s %8s%n", releaseId, s.stage(), s.state(),
                        s.state() == ReleaseStatus.State.started ? "" : String.format("%,d ms", s.millis()));
            } else if (event instanceof ReleaseFailed f) {
                out.printf("  %-24s %-19s FAILED     %s: %s%n", releaseId, f.stage(), f.reason(), f.message());
            }
            if (event instanceof GitOpsUpdated || event instanceof ReleaseFailed || event instanceof ReleaseRolledBack) {
                endedAtMillis = timestamp;
            }
            // Results and statuses travel on different topics, so either may arrive first: the
            // release has ended once both the result and the stage's final status are here.
            boolean failed = first(ReleaseFailed.class).isPresent()
                    && events.stream().anyMatch(e -> e instanceof ReleaseStatus st && st.state() == ReleaseStatus.State.failed);
            boolean reachedGitOps = first(GitOpsUpdated.class).isPresent()
                    && status(LAST_STAGE, ReleaseStatus.State.succeeded).isPresent();
            boolean rolledBack = first(ReleaseRolledBack.class).isPresent()
                    && status(ROLLBACK_LAST_STAGE, ReleaseStatus.State.succeeded).isPresent();
            if ((failed || reachedGitOps || rolledBack) && ended.getCount() > 0) {
                ended.countDown();
            }
        }

        /** Waits for the release to reach the GitOps repository or fail. */
        public boolean awaitEnd(Duration timeout) {
            try {
                return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        public synchronized List<RelayEvent> events() {
            return List.copyOf(events);
        }

        public <T extends RelayEvent> Optional<T> first(Class<T> type) {
            return events().stream().filter(type::isInstance).map(type::cast).findFirst();
        }

        public Optional<ReleaseStatus> status(String stage, ReleaseStatus.State state) {
            return events().stream().filter(ReleaseStatus.class::isInstance).map(ReleaseStatus.class::cast)
                    .filter(s -> s.stage().equals(stage) && s.state() == state).findFirst();
        }

        public boolean succeeded() {
            return (first(GitOpsUpdated.class).isPresent() || first(ReleaseRolledBack.class).isPresent())
                    && first(ReleaseFailed.class).isEmpty();
        }

        /** A rollback's timeline: request to {@code release.rolledback}, and each stage's own time, in the order it ran. */
        public synchronized String rollbackTiming() {
            StringBuilder stages = new StringBuilder();
            for (String stage : List.of(LAST_STAGE, "modelinfo-migrator", ROLLBACK_LAST_STAGE)) {
                status(stage, ReleaseStatus.State.succeeded).ifPresent(st -> stages.append(String.format(", %s %,d ms", stage, st.millis())));
            }
            return String.format("request to release.rolledback %,d ms (stages%s)", endedAtMillis - pushedAtMillis,
                    stages.length() == 0 ? ": none" : stages.substring(1));
        }

        /** Tag push to GitOps commit, split into build, probe and the rest (Kafka hops, checkouts, git push). */
        public Timing timing() {
            long total = endedAtMillis - pushedAtMillis;
            long build = status("image-builder", ReleaseStatus.State.succeeded).map(ReleaseStatus::millis).orElse(0L);
            long probe = status("env-migrator", ReleaseStatus.State.succeeded).map(ReleaseStatus::millis).orElse(0L);
            Map<String, Long> stages = new java.util.LinkedHashMap<>();
            for (String stage : STAGES) {
                status(stage, ReleaseStatus.State.succeeded).ifPresent(s -> stages.put(stage, s.millis()));
            }
            return new Timing(total, build, probe, total - build - probe, stages, hops());
        }

        /**
         * The gaps the stages do not account for, by broker timestamps: tag push to the first stage's
         * {@code started}, each stage's {@code succeeded} to the next one's {@code started}.
         */
        synchronized Map<String, Long> hops() {
            Map<String, Long> hops = new java.util.LinkedHashMap<>();
            String from = "push";
            long at = pushedAtMillis;
            for (String stage : STAGES) {
                Long started = statusAtMillis.get(stage + " " + ReleaseStatus.State.started);
                Long succeeded = statusAtMillis.get(stage + " " + ReleaseStatus.State.succeeded);
                if (started == null || succeeded == null) {
                    break;
                }
                hops.put(from + "→" + stage, started - at);
                from = stage;
                at = succeeded;
            }
            return hops;
        }
    }

    /** The stages in chain order, for the breakdown of a release's time. */
    static final List<String> STAGES = List.of("image-builder", "env-migrator", "modelinfo-migrator", LAST_STAGE);

    /**
     * @param stageMillis each stage's own time (its final {@code release.status} millis); what the
     *                    stages do not account for is the Kafka hops and queueing between them
     */
    public record Timing(long totalMillis, long buildMillis, long probeMillis, long restMillis, Map<String, Long> stageMillis,
                         Map<String, Long> hopMillis) {

        public long betweenStagesMillis() {
            return totalMillis - stageMillis.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            StringBuilder stages = new StringBuilder();
            stageMillis.forEach((stage, millis) -> stages.append(String.format("%s %,d ms, ", stage, millis)));
            StringBuilder hops = new StringBuilder();
            hopMillis.forEach((hop, millis) -> hops.append(String.format(", %s %,d ms", hop, millis)));
            return String.format("tag push to GitOps commit %,d ms = build %,d ms + probe %,d ms + rest %,d ms"
                            + " (stages: %sbetween stages %,d ms%s)",
                    totalMillis, buildMillis, probeMillis, restMillis, stages, betweenStagesMillis(), hops);
        }
    }
}
