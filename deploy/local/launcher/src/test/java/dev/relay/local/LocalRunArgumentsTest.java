package dev.relay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code deploy/local/run}'s command line, and what {@code --replicas} makes of the services. */
class LocalRunArgumentsTest {

    @Test
    void noArgumentsIsOneInstanceOfEachServiceOnTheDefaultState() {
        LocalRunArguments args = LocalRunArguments.parse();

        assertThat(args).isEqualTo(new LocalRunArguments(false, false, false, null, 1, false));
    }

    @Test
    void everyOptionIsRead() {
        LocalRunArguments args = LocalRunArguments.parse("--once", "--replicas", "3", "--clean", "--state", "/tmp/relay-x", "--campaign");

        assertThat(args).isEqualTo(new LocalRunArguments(true, true, true, Path.of("/tmp/relay-x"), 3, false));
        assertThat(LocalRunArguments.parse("-h").help()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "two", "1.5", "", "99999999999"})
    void replicasMustBeAPositiveWholeNumber(String value) {
        assertThatThrownBy(() -> LocalRunArguments.parse("--replicas", value))
                .isInstanceOf(LocalRunArguments.Invalid.class)
                .hasMessageStartingWith("--replicas ")
                .hasMessageEndingWith(LocalRunArguments.USAGE);
    }

    @Test
    void theMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> LocalRunArguments.parse("--replicas", "0"))
                .hasMessage("--replicas must be at least 1 (instances of every service), not 0; " + LocalRunArguments.USAGE);
        assertThatThrownBy(() -> LocalRunArguments.parse("--replicas", "two"))
                .hasMessage("--replicas takes a whole number of instances per service, not 'two'; " + LocalRunArguments.USAGE);
        assertThatThrownBy(() -> LocalRunArguments.parse("--replicas")).hasMessageStartingWith("--replicas needs a value");
        assertThatThrownBy(() -> LocalRunArguments.parse("--replicas", "--once")).hasMessageStartingWith("--replicas needs a value");
        assertThatThrownBy(() -> LocalRunArguments.parse("--fast")).hasMessageStartingWith("unknown argument --fast");
    }

    @Test
    void eachInstanceHasItsOwnPortAndAStableInstanceId() {
        LocalChainConfig config = LocalChainConfig.defaults(Path.of("/p"), Path.of("/s")).withReplicas(2);

        assertThat(config.instances()).hasSize(2 * Service.values().length);
        assertThat(config.instances()).extracting(config::port)
                .containsExactly(8081, 8181, 8082, 8182, 8083, 8183, 8084, 8184);
        assertThat(config.instances()).extracting(ServiceInstance::instanceId).doesNotHaveDuplicates()
                .startsWith("local-image-builder-0", "local-image-builder-1", "local-env-migrator-0");
        assertThat(LocalChainConfig.defaults(Path.of("/p"), Path.of("/s")).instances()).extracting(ServiceInstance::instanceId)
                .containsExactly("local-image-builder-0", "local-env-migrator-0", "local-modelinfo-migrator-0", "local-release-bumper-0");
        assertThatThrownBy(() -> config.withReplicas(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
