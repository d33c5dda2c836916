package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run as a process supervisor: its children in process groups of their own (so Ctrl-C reaches only the
 * launcher, which stops them in order), the broker writing its own log, and no JVM of the run complaining about its
 * logging.
 */
class ProcessSupervisionTest {

    @TempDir
    Path dir;

    @Test
    void aChildRunsInAProcessGroupOfItsOwnAndIsTheCommandItself() throws Exception {
        try (ManagedProcess child = ManagedProcess.start("sleeper", List.of("sleep", "60"), Map.of(), dir.resolve("sleep.log"))) {
            // setsid execs the command in place: wait for the exec, then the pid is sleep's.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!comm(child.pid()).equals("sleep") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(comm(child.pid())).as("the child's pid is the command's, so its signals reach it").isEqualTo("sleep");
            long group = stat(child.pid(), 2);
            assertThat(group).as("the child leads a process group of its own").isEqualTo(child.pid())
                    .isNotEqualTo(stat(ProcessHandle.current().pid(), 2));
            assertThat(stat(child.pid(), 3)).as("and a session of its own").isEqualTo(child.pid())
                    .isNotEqualTo(stat(ProcessHandle.current().pid(), 3));
            child.close();
            assertThat(child.isAlive()).isFalse();
        }
    }

    @Test
    void theBrokerWritesItsOwnLogAndNoSlf4jComplaint() throws IOException {
        Path kafkaDir = dir.resolve("kafka");
        try (KafkaServer kafka = KafkaServer.start(kafkaDir, LocalInfrastructureTest.freePort(), LocalInfrastructureTest.freePort())) {
            String log = Files.readString(kafkaDir.resolve("server.log"));
            assertThat(log).as("server.log").isNotEmpty().contains("Kafka Server started");
            assertThat(Files.readString(kafkaDir.resolve("kafka.out"))).as("the broker's console").doesNotContain("SLF4J");
        }
    }

    @Test
    void theLauncherRefusesABadArgumentWithoutAnSlf4jLine() throws Exception {
        Path output = dir.resolve("launcher.out");
        Process launcher = new ProcessBuilder(Classpath.javaExecutable(), "-cp", Classpath.forChildJvm(), LocalRun.class.getName(),
                "--replicas", "0").redirectErrorStream(true).redirectOutput(output.toFile()).start();

        assertThat(launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(output);
        assertThat(launcher.exitValue()).as(printed).isEqualTo(2);
        assertThat(printed).contains("relay: --replicas must be at least 1").doesNotContain("SLF4J");
    }

    /** SLF4J 2 finds its provider by ServiceLoader; none, or two, and every JVM of the run prints a warning. */
    @Test
    void theRunsClassPathHasExactlyOneSlf4jProvider() throws IOException {
        List<String> providers;
        try (Stream<Path> jars = Files.list(Classpath.libDir())) {
            providers = jars.filter(j -> j.toString().endsWith(".jar")).filter(ProcessSupervisionTest::providesSlf4j)
                    .map(j -> j.getFileName().toString()).toList();
        }
        assertThat(providers).hasSize(1).allMatch(j -> j.startsWith("log4j-slf4j2-impl-"));
    }

    private static boolean providesSlf4j(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") != null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String comm(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    }

    /** A field of /proc/PID/stat after the command name: 0 state, 1 ppid, 2 process group, 3 session. */
    private static long stat(long pid, int field) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[field]);
    }
}
