package dev.relay.env.core;

import java.util.List;
import java.util.Map;

/**
 * What a probe found inside an image.
 *
 * @param python        interpreter version, e.g. 3.11.2
 * @param packages      every installed distribution, PEP 503 name to version
 * @param pipCheckExit  exit code of {@code pip check}
 * @param pipCheckOutput its output
 * @param verify        the verify commands' results, in declaration order
 */
public record ProbeResult(String python, Map<String, String> packages, int pipCheckExit, String pipCheckOutput,
                          List<VerifyResult> verify) {
}
