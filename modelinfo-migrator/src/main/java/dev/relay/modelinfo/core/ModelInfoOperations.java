package dev.relay.modelinfo.core;

/**
 * Runs operations against the ModelInfo collection. Implementations must send a constant number of
 * commands per operation, whatever the number of documents (no per-document round trips).
 */
public interface ModelInfoOperations {

    /** Runs the operation on the model's documents only. */
    OperationResult execute(String model, Operation operation);

    /** How many of the model's documents the operation would touch now; 0 for index operations. */
    long count(String model, Operation operation);

    String collectionName();

    record OperationResult(long matched, long modified) {
    }
}
