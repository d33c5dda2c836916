package dev.relay.env.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void referencesAndIdsTheEngineAcceptsPass() {
        for (String ok : new String[] {"hello", "hello:v1", "relay/python-base:3.11", "registry.local:5000/hello-model:v0.0.11",
                "relay-env-test-1a2b3c4d/a:1", "localhost/a__b/c.d:1.0-rc_1",
                "hello@sha256:" + "b".repeat(64), "registry.local:5000/x:y@sha256:" + "c".repeat(64),
                "sha256:" + "a".repeat(64), "[::1]:5000/hello:v1"}) {
            assertThat(ImageReference.problem(ok)).as(ok).isEmpty();
        }
    }

    @Test
    void shellFragmentsUrlsAndMalformedNamesAreRefusedSayingWhy() {
        assertThat(ImageReference.problem("evil;rm -rf /")).contains("'evil;rm -rf /' is not an image reference"
                + " ([host[:port]/]name[:tag][@digest], lower-case name) or image id (sha256:<64 hex>)");
        for (String bad : new String[] {"Hello:v1", "hello:", "hello:v1 && id", "https://registry/x:1", "-x", "a//b",
                "x:" + "t".repeat(129), "hello@sha256:short", "$(id)", "a b"}) {
            assertThat(ImageReference.problem(bad)).as(bad).isPresent();
        }
        assertThat(ImageReference.problem(" ")).contains("is required");
        assertThat(ImageReference.problem("a/".repeat(130) + "b")).contains("the image name is longer than 255 characters");
        assertThat(ImageReference.problem("$".repeat(200)).orElseThrow()).hasSizeLessThan(200);
    }
}
