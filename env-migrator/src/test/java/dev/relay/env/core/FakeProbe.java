package dev.relay.env.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Images by ref with their packages; a verify command containing "fail" exits 1. Counts probes. */
public class FakeProbe implements ImageProbe {
    public final Map<String, Map<String, String>> images = new HashMap<>();
    public final Map<String, Map<String, String>> labels = new HashMap<>();
    public final List<List<String>> verifyAsked = new ArrayList<>();
    public int probes;

    @Override
    public ImageInfo inspect(String imageRef) {
        if (!images.containsKey(imageRef)) {
            throw new ProbeException(ProbeException.IMAGE_NOT_FOUND, "the engine has no image " + imageRef, (String) null);
        }
        return new ImageInfo(imageRef, "sha256:" + imageRef.hashCode(), 1, labels.getOrDefault(imageRef, Map.of()));
    }

    @Override
    public ProbeResult probe(String imageRef, List<String> verifyCommands) {
        probes++;
        verifyAsked.add(verifyCommands);
        List<VerifyResult> verify = verifyCommands.stream()
                .map(c -> new VerifyResult(c, c.contains("fail") ? 1 : 0, c.contains("fail") ? "Traceback: boom" : "ok")).toList();
        return new ProbeResult("3.11.2", images.get(imageRef), 0, "No broken requirements found.", verify);
    }
}
